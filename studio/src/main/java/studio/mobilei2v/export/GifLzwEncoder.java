package studio.mobilei2v.export;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The variable-length LZW of GIF89a: codes start at minCodeSize+1 bits, grow to 12, and a clear
 * code resets the table when it is full. Codes are packed least-significant bit first and cut
 * into data sub-blocks of at most 255 bytes, ready to follow the image descriptor.
 */
final class GifLzwEncoder {

    private static final int MAX_CODES = 4096;
    private static final int HASH_SIZE = 8192; // power of two, at most half full

    private final int[] hashKeys = new int[HASH_SIZE];
    private final int[] hashCodes = new int[HASH_SIZE];

    private ByteArrayOutputStream out;
    private final byte[] block = new byte[255];
    private int blockLength;
    private int bitBuffer;
    private int bitCount;

    /** Encodes palette indices; returns the min-code-size byte, the sub-blocks and the terminator. */
    byte[] encode(byte[] indices, int minCodeSize) {
        out = new ByteArrayOutputStream(indices.length / 2 + 64);
        out.write(minCodeSize);
        blockLength = 0;
        bitBuffer = 0;
        bitCount = 0;
        int clear = 1 << minCodeSize;
        int eoi = clear + 1;
        int codeSize = minCodeSize + 1;
        int next = clear + 2;
        resetTable();
        writeCode(clear, codeSize);
        int prefix = indices[0] & 0xFF;
        for (int i = 1; i < indices.length; i++) {
            int pixel = indices[i] & 0xFF;
            int key = (prefix << 8) | pixel;
            int found = lookup(key);
            if (found >= 0) {
                prefix = found;
                continue;
            }
            writeCode(prefix, codeSize);
            // The decoder widens its codes once its table reaches 2^codeSize; it is one entry
            // behind us, so we widen after writing the code that precedes that entry.
            if (next > (1 << codeSize) - 1 && codeSize < 12) {
                codeSize++;
            }
            if (next < MAX_CODES) {
                insert(key, next++);
            } else {
                writeCode(clear, codeSize);
                resetTable();
                codeSize = minCodeSize + 1;
                next = clear + 2;
            }
            prefix = pixel;
        }
        writeCode(prefix, codeSize);
        if (next > (1 << codeSize) - 1 && codeSize < 12) {
            codeSize++;
        }
        writeCode(eoi, codeSize);
        if (bitCount > 0) {
            writeByte(bitBuffer & 0xFF);
        }
        flushBlock();
        out.write(0); // block terminator
        return out.toByteArray();
    }

    private void resetTable() {
        Arrays.fill(hashKeys, -1);
    }

    private int lookup(int key) {
        int h = hash(key);
        while (hashKeys[h] != -1) {
            if (hashKeys[h] == key) {
                return hashCodes[h];
            }
            h = (h + 1) & (HASH_SIZE - 1);
        }
        return -1;
    }

    private void insert(int key, int code) {
        int h = hash(key);
        while (hashKeys[h] != -1) {
            h = (h + 1) & (HASH_SIZE - 1);
        }
        hashKeys[h] = key;
        hashCodes[h] = code;
    }

    private static int hash(int key) {
        return (key * 0x9E3779B1 >>> 19) & (HASH_SIZE - 1);
    }

    private void writeCode(int code, int size) {
        bitBuffer |= code << bitCount;
        bitCount += size;
        while (bitCount >= 8) {
            writeByte(bitBuffer & 0xFF);
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
    }

    private void writeByte(int b) {
        block[blockLength++] = (byte) b;
        if (blockLength == 255) {
            flushBlock();
        }
    }

    private void flushBlock() {
        if (blockLength > 0) {
            out.write(blockLength);
            out.write(block, 0, blockLength);
            blockLength = 0;
        }
    }
}
