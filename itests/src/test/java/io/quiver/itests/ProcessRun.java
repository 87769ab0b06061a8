package io.quiver.itests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A finished external command run by an IT (libiscsi's {@code iscsi-inq}, {@code bin/quiver-admin}): its
 * exit status and everything it printed, standard error merged into standard output. The command gets an
 * empty standard input, so a tool that would prompt fails instead of hanging the build.
 *
 * <p>Immutable. The static methods block the calling (test) thread until the command ends.
 */
final class ProcessRun {

    final int exit;
    final String output;

    private ProcessRun(int exit, String output) {
        this.exit = exit;
        this.output = output;
    }

    /** Runs {@code command} in the current directory. */
    static ProcessRun run(String... command) throws Exception {
        return run(Path.of("."), command);
    }

    /** Runs {@code command} in {@code dir}. */
    static ProcessRun run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessRun(p.waitFor(), out);
    }

    /**
     * Repeats {@code attempt} until it exits 0, at most {@code attempts} times with {@code pauseMillis}
     * between them (a service that is still starting), and returns the last run.
     */
    static ProcessRun untilSuccess(int attempts, long pauseMillis, Callable<ProcessRun> attempt) throws Exception {
        ProcessRun last = null;
        for (int i = 0; i < attempts; i++) {
            last = attempt.call();
            if (last.exit == 0) {
                return last;
            }
            Thread.sleep(pauseMillis);
        }
        return last;
    }

    /** {@code iscsi-inq} on {@code url} until the target admits the login (up to 20 s); the last run. */
    static ProcessRun awaitLogin(String url) throws Exception {
        return untilSuccess(100, 200, () -> run("iscsi-inq", url));
    }
}
