package dev.engagement.pipeline.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The tests' own proxy between the pipeline's Azure driver and Azurite: it listens on
 * 127.0.0.1:10000, where the driver's emulator mode sends every Blob request, and passes each on,
 * byte for byte (so header case and shared-key signatures stay as the driver made them), to the
 * emulator on another port ({@link Azurite#startBehindAProxy}). It counts requests by method,
 * answers a share of them with 503 ServerBusy, and kills a process (SIGKILL) when a chosen request
 * arrives, before passing it on: a crash between any two requests, e.g. between the copy and the
 * delete that a rename is on Blob storage. One request per connection: every answer says
 * {@code Connection: close}.
 */
public final class BlobProxy implements AutoCloseable {
  /** A request as the proxy sees it: its method and path (the query left out). */
  public record Request(String method, String path) {}

  private final int emulatorPort;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "blob-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Integer> counts = new TreeMap<>();
  private volatile double busyShare;
  private volatile Random random = new Random(0);
  private volatile Predicate<Request> killAt = r -> false;
  private volatile Process victim;

  private BlobProxy(int emulatorPort) throws IOException {
    this.emulatorPort = emulatorPort;
    server = new ServerSocket(10000, 64, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
  }

  /** A proxy on port 10000 in front of the emulator on {@code emulatorPort}. */
  public static BlobProxy start(int emulatorPort) throws IOException {
    return new BlobProxy(emulatorPort);
  }

  /** Answers this share of the requests (0 to 1, drawn with {@code seed}) with 503 ServerBusy. */
  public void answerBusy(double share, long seed) {
    random = new Random(seed);
    busyShare = share;
  }

  /** Kills {@code process} when the {@code n}th request that {@code request} accepts arrives (1 is the first). */
  public void killAt(Predicate<Request> request, int n, Process process) {
    int[] seen = {0};
    victim = process;
    killAt = r -> request.test(r) && ++seen[0] == n;
  }

  /** Requests seen since the last reset, by method. */
  public synchronized Map<String, Integer> counts() {
    return new TreeMap<>(counts);
  }

  public synchronized void reset() {
    counts.clear();
    busyShare = 0;
    killAt = r -> false;
    victim = null;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.submit(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String text = new String(head, StandardCharsets.ISO_8859_1);
      String[] line = text.substring(0, text.indexOf("\r\n")).split(" ");
      String path = line[1].contains("?") ? line[1].substring(0, line[1].indexOf('?')) : line[1];
      Request request = new Request(line[0], path);
      byte[] body = readBody(in, text);
      boolean kill;
      synchronized (this) {
        counts.merge(request.method(), 1, Integer::sum);
        kill = killAt.test(request);
      }
      if (kill) {
        victim.destroyForcibly().waitFor();
        return; // the request never reaches the emulator
      }
      if (busyShare > 0 && random.nextDouble() < busyShare) {
        byte[] error = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code>"
            + "<Message>The server is busy (injected by the test proxy).</Message></Error>").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 503 Server Busy\r\nx-ms-error-code: ServerBusy\r\nContent-Type: application/xml\r\n"
            + "Content-Length: " + (request.method().equals("HEAD") ? 0 : error.length) + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        if (!request.method().equals("HEAD")) {
          out.write(error);
        }
        return;
      }
      try (Socket emulator = new Socket(InetAddress.getLoopbackAddress(), emulatorPort);
          OutputStream up = emulator.getOutputStream(); InputStream down = emulator.getInputStream()) {
        // The head as sent, one header added: the emulator closes the connection after answering.
        int end = text.indexOf("\r\n\r\n");
        up.write((text.substring(0, end).replaceAll("(?i)\r\nconnection:[^\r]*", "") + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        up.write(body);
        up.flush();
        down.transferTo(out);
      }
    } catch (IOException e) {
      // the client or the emulator went away: so does this request
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The request line and headers, through the blank line; null at the end of the stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toByteArray();
      }
    }
    return null;
  }

  /** The body, as framed by Content-Length or chunked (kept in its chunked form). */
  private static byte[] readBody(InputStream in, String head) throws IOException {
    String lower = head.toLowerCase(Locale.ROOT);
    int length = lower.indexOf("\r\ncontent-length:");
    if (length >= 0) {
      int start = length + "\r\ncontent-length:".length();
      int n = Integer.parseInt(lower.substring(start, lower.indexOf("\r\n", start)).trim());
      return in.readNBytes(n);
    }
    if (!lower.contains("\r\ntransfer-encoding: chunked")) {
      return new byte[0];
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in, body);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      body.write(in.readNBytes(n + 2)); // the chunk and its CRLF
      if (n == 0) {
        return body.toByteArray();
      }
    }
  }

  private static String readLine(InputStream in, ByteArrayOutputStream copy) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0; b = in.read()) {
      copy.write(b);
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
