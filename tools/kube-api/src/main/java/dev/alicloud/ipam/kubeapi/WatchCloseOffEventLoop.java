package dev.alicloud.ipam.kubeapi;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wraps the CRUD mock's watch listener so that closing a watch does not block the server. The mock's
 * {@code onClosed} waits (up to a minute) for its event sender to finish, on the event loop the sender needs:
 * every client that went away with events still queued (an operator restart, say) froze the whole API for 30 s.
 * Here the wait happens on a thread of its own.
 */
final class WatchCloseOffEventLoop extends WebSocketListener {

  private static final ExecutorService CLOSER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "embedded-api-watch-close");
    t.setDaemon(true);
    return t;
  });

  private final WebSocketListener delegate;

  WatchCloseOffEventLoop(WebSocketListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    delegate.onClosing(webSocket, code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    CLOSER.execute(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    delegate.onFailure(webSocket, failure, response);
  }
}
