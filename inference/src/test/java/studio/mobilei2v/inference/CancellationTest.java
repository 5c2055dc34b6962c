package studio.mobilei2v.inference;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class CancellationTest {
    @Test
    void hooksRunOnceAndLateHooksRunImmediately() {
        Cancellation c = new Cancellation();
        AtomicInteger calls = new AtomicInteger();
        c.onCancel(calls::incrementAndGet);
        Cancellation.Registration removed = c.onCancel(() -> fail("removed hook must not run"));
        removed.close();
        assertFalse(c.isCancelled());
        c.cancel();
        c.cancel();
        assertEquals(1, calls.get());
        assertTrue(c.isCancelled());
        c.onCancel(calls::incrementAndGet);
        assertEquals(2, calls.get());
        GenerationCancelledException e = assertThrows(GenerationCancelledException.class, () -> c.throwIfCancelled(Stage.DECODER));
        assertEquals(Stage.DECODER, e.stage());
        assertEquals("generation cancelled during decoder", e.getMessage());
    }

    @Test
    void modelImageAndFrameCheckTheirSize() {
        assertThrows(IllegalArgumentException.class, () -> ModelImage.ofPixels(4, 4, new byte[47]));
        assertThrows(IllegalArgumentException.class, () -> new VideoFrame(2, 2, new byte[11]));
        VideoFrame f = new VideoFrame(2, 1, new byte[]{1, 2, 3, (byte) 255, 0, (byte) 128});
        assertEquals(0xFF010203, f.argb(0, 0));
        assertArrayEquals(new int[]{0xFF010203, 0xFFFF0080}, f.toArgb());
    }
}
