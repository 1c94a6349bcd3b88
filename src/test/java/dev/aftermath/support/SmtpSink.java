package dev.aftermath.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small SMTP server for tests that must control the server's answers: it refuses chosen addresses with 550 at
 * RCPT, answers every connection with 421 while {@link #refuseAll(boolean)} is on (an outage), and records each
 * accepted message with its envelope recipients and its Message-ID.
 */
public final class SmtpSink implements AutoCloseable {

    public record Received(String messageId, List<String> envelopeTo, String subject, String data) {
    }

    private static final Pattern ADDRESS = Pattern.compile("<([^>]*)>");

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-sink");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile boolean refuseAll;

    public SmtpSink() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void clear() {
        received.clear();
    }

    /** RCPT TO this address is answered 550 (a permanent refusal). */
    public void refuse(String address) {
        refused.add(address.toLowerCase(Locale.ROOT));
    }

    public void accept(String address) {
        refused.remove(address.toLowerCase(Locale.ROOT));
    }

    /** While on, every connection is greeted with 421 and closed: the server is down. */
    public void refuseAll(boolean on) {
        refuseAll = on;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                threads.execute(() -> session(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
            if (refuseAll) {
                write(out, "421 sink down for a while");
                return;
            }
            write(out, "220 smtp-sink ready");
            List<String> rcpt = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    write(out, "250-smtp-sink\r\n250 8BITMIME");
                } else if (upper.startsWith("HELO")) {
                    write(out, "250 smtp-sink");
                } else if (upper.startsWith("MAIL FROM")) {
                    rcpt.clear();
                    write(out, refuseAll ? "421 sink down for a while" : "250 OK");
                } else if (upper.startsWith("RCPT TO")) {
                    Matcher m = ADDRESS.matcher(line);
                    String address = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
                    if (refused.contains(address)) {
                        write(out, "550 5.1.1 <" + address + ">: mailbox unavailable");
                    } else {
                        rcpt.add(address);
                        write(out, "250 OK");
                    }
                } else if (upper.startsWith("DATA")) {
                    write(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder data = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                    }
                    String text = data.toString();
                    received.add(new Received(header(text, "Message-ID"), List.copyOf(rcpt), header(text, "Subject"),
                            text));
                    write(out, "250 OK queued");
                } else if (upper.startsWith("RSET")) {
                    rcpt.clear();
                    write(out, "250 OK");
                } else if (upper.startsWith("NOOP")) {
                    write(out, "250 OK");
                } else if (upper.startsWith("QUIT")) {
                    write(out, "221 bye");
                    return;
                } else {
                    write(out, "502 not implemented");
                }
            }
        } catch (SocketException closed) {
            // the client went away
        } catch (IOException e) {
            // a broken session is the client's problem here
        }
    }

    private static String header(String data, String name) {
        for (String l : data.split("\r\n")) {
            if (l.isEmpty()) {
                break;
            }
            if (l.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return l.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
