package dev.feedline.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When an integration test fails, writes a thread dump of every Liberty server the tests have
 * running next to the failsafe report, so a hang or a stall shows where the server's threads were
 * (registered for all ITs by the failsafe configuration).
 */
public final class ServerThreadsOnFailure implements TestWatcher {
  private static final long BOUND_SECONDS = 30;

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    String wlp = System.getProperty("feedline.it.wlp");
    if (wlp == null) {
      return;
    }
    String test = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
    // The servers of this build's Liberty (the IT server and any cluster nodes), by command line.
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("ws-server.jar"))
        .filter(p -> p.info().commandLine().orElse("").contains(wlp))
        .forEach(p -> dump(p, test));
  }

  private static void dump(ProcessHandle server, String test) {
    String pid = Long.toString(server.pid());
    File out =
        Paths.get("target", "failsafe-reports", safe(test) + "-pid" + pid + "-threads.txt")
            .toFile();
    String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      Process p =
          new ProcessBuilder(List.of(jcmd, pid, "Thread.print"))
              .redirectErrorStream(true)
              .redirectOutput(out)
              .start();
      if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      System.err.println("Threads of server process " + pid + " at the failure: " + out);
    } catch (IOException e) {
      System.err.println("No thread dump of server process " + pid + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
