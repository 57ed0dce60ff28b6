package dev.alicloud.ipam;

import java.util.concurrent.CountDownLatch;

/** Blocks a long-running command until the JVM is asked to stop (SIGTERM from the kubelet, Ctrl-C), then returns. */
public final class ShutdownSignal {

  private final CountDownLatch stopping = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Registers the hook; the hook waits for the command to finish its own cleanup before the JVM exits. */
  public static ShutdownSignal install() {
    ShutdownSignal signal = new ShutdownSignal();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signal.trigger();
      try {
        signal.stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown"));
    return signal;
  }

  /** A signal no JVM hook triggers: for running a command in-process, stopped by {@link #trigger()}. */
  public static ShutdownSignal manual() {
    return new ShutdownSignal();
  }

  /** Asks the command to stop. */
  public void trigger() {
    stopping.countDown();
  }

  /** Waits until the command has finished its cleanup. */
  public boolean awaitDone(java.time.Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Waits for the stop request. */
  public void await() throws InterruptedException {
    stopping.await();
  }

  /** Tells the hook that cleanup is done. */
  public void done() {
    stopped.countDown();
  }
}
