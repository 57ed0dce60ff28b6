package dev.alicloud.ipam.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Tells, before a server of the sandbox starts, whether the port asked for is free, so that a busy port ends the
 * sandbox with one line naming the port and the option that changes it instead of the server's own failure (which
 * names neither).
 */
final class PortCheck {

  private PortCheck() {
  }

  /**
   * @param what what listens there, e.g. {@code the Kubernetes API}
   * @param option the option that chooses the port, e.g. {@code --api-port}
   * @throws IllegalStateException when the port cannot be bound
   */
  static void requireFree(String what, String host, int port, String option) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " on " + host + " for " + what + " is not free ("
          + e.getMessage() + "): choose another with " + option + " PORT, or " + option + " 0 for any free port", e);
    }
  }
}
