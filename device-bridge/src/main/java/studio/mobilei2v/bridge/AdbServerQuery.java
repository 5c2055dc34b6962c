package studio.mobilei2v.bridge;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A direct {@code host:devices} request to the adb server (the smart-socket protocol: a 4-hex-digit
 * length, the request, then OKAY/FAIL and a length-prefixed answer). Used to refine states
 * because adb's track-devices stream does not announce every change (adb 29 reports a TCP device
 * going from offline to unauthorized only to polling clients).
 */
final class AdbServerQuery {
    private AdbServerQuery() {
    }

    static Map<String, String> devices(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            String req = "host:devices";
            OutputStream out = s.getOutputStream();
            out.write(String.format("%04x%s", req.length(), req).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] status = new byte[4];
            in.readFully(status);
            byte[] lenHex = new byte[4];
            in.readFully(lenHex);
            byte[] body = new byte[Integer.parseInt(new String(lenHex, StandardCharsets.US_ASCII), 16)];
            in.readFully(body);
            String text = new String(body, StandardCharsets.UTF_8);
            if (!"OKAY".equals(new String(status, StandardCharsets.US_ASCII))) {
                throw new IOException("adb server refused host:devices: " + text);
            }
            Map<String, String> out2 = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                String[] cols = line.split("\t");
                if (cols.length >= 2) {
                    out2.put(cols[0], cols[1].trim());
                }
            }
            return out2;
        }
    }
}
