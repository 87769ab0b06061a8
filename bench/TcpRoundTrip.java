import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The QD1 floor of this machine: the mean round trip of one 4 KiB READ's bytes between two processes over
 * loopback TCP, with nothing in between (48 bytes out, a SCSI Command PDU's BHS; 4,144 back, a Data-In's BHS
 * and 4 KiB with the status). bench/run.sh runs it beside the targets, each side a process of its own, as
 * fio and a target are.
 *
 * <pre>java TcpRoundTrip.java serve PORT          # answers one connection, then exits
 * java TcpRoundTrip.java ping PORT SECONDS        # prints the mean round trip in microseconds</pre>
 */
public final class TcpRoundTrip {

    private static final int REQUEST = 48;
    private static final int RESPONSE = 48 + 4096;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("serve")) {
            try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                    Socket s = server.accept()) {
                exchange(s, REQUEST, RESPONSE, Long.MAX_VALUE);
            }
        } else {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                exchange(s, RESPONSE, REQUEST, 1); // warm both sides' code paths
                long seconds = Long.parseLong(args[2]);
                long warm = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < warm) {
                    exchange(s, RESPONSE, REQUEST, 1);
                }
                long t0 = System.nanoTime();
                long n = exchange(s, RESPONSE, REQUEST, t0 + seconds * 1_000_000_000L);
                System.out.printf("%.1f%n", (System.nanoTime() - t0) / 1e3 / n);
            }
        }
    }

    /** Writes {@code out} bytes, reads {@code in} bytes back, until {@code until} (nanoTime) or EOF. */
    private static long exchange(Socket s, int in, int out, long until) throws IOException {
        s.setTcpNoDelay(true);
        byte[] send = new byte[out];
        byte[] receive = new byte[in];
        OutputStream o = s.getOutputStream();
        DataInputStream i = new DataInputStream(s.getInputStream());
        boolean server = in == REQUEST;
        long n = 0;
        do {
            try {
                if (server) {
                    i.readFully(receive);
                    o.write(send);
                } else {
                    o.write(send);
                    i.readFully(receive);
                }
            } catch (java.io.EOFException end) {
                return n;
            }
            n++;
        } while (until == 1 ? n < 1 : System.nanoTime() < until);
        return n;
    }
}
