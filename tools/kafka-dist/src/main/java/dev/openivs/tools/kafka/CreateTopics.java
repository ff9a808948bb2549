package dev.openivs.tools.kafka;

import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.TopicCommand;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates every topic listed in a topics file with kafka-tools' {@link TopicCommand}
 * ({@code --create --if-not-exists}) inside a single JVM, so that {@code ivs up} pays
 * for one JVM start instead of one per topic.
 *
 * <pre>
 *   CreateTopics &lt;bootstrap-servers&gt; &lt;topics-file&gt; [command-config]
 * </pre>
 *
 * Topics file: one topic per line, {@code name partitions retention.ms}; blank lines
 * and lines starting with {@code #} are ignored. Exit code 0 when every topic exists
 * afterwards, 1 otherwise, 2 on bad usage or a malformed file.
 */
public final class CreateTopics {

    private CreateTopics() {
    }

    /** Thrown instead of exiting the JVM when TopicCommand calls Exit.exit. */
    private static final class ExitCalled extends RuntimeException {
        final int code;

        ExitCalled(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /**
     * Runs TopicCommand's (package-private) {@code execute}, which reports its result through
     * {@code Exit.exit}; going through {@code main} instead would turn that exit into an
     * error printed with a stack trace by {@code mainNoExit}.
     */
    private static int runTopicCommand(String[] args) {
        try {
            Method execute = TopicCommand.class.getDeclaredMethod("execute", String[].class);
            execute.setAccessible(true);
            execute.invoke(null, (Object) args);
            return 0;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ExitCalled exit) {
                return exit.code;
            }
            System.err.println("TopicCommand failed: " + cause);
            return 1;
        } catch (ExitCalled exit) {
            return exit.code;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // TopicCommand changed shape: fall back to main(), taking the first exit code
            int[] first = {Integer.MIN_VALUE};
            Exit.setExitProcedure((code, message) -> {
                if (first[0] == Integer.MIN_VALUE) {
                    first[0] = code;
                }
                throw new ExitCalled(code);
            });
            try {
                TopicCommand.main(args);
            } catch (ExitCalled ignored) {
                // expected
            } finally {
                Exit.setExitProcedure((code, message) -> {
                    throw new ExitCalled(code);
                });
            }
            return first[0] == Integer.MIN_VALUE ? 0 : first[0];
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: CreateTopics <bootstrap-servers> <topics-file> [command-config]");
            System.exit(2);
        }
        String bootstrap = args[0];
        Path file = Path.of(args[1]);
        String commandConfig = args.length == 3 ? args[2] : null;

        List<String[]> topics = new ArrayList<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 3 || !f[1].matches("[1-9][0-9]*") || !f[2].matches("-?[0-9]+")) {
                System.err.println(file + ":" + lineNo + ": expected 'name partitions retention.ms', got: " + raw);
                System.exit(2);
            }
            topics.add(f);
        }

        Exit.setExitProcedure((code, message) -> {
            throw new ExitCalled(code);
        });
        int failed = 0;
        try {
            for (String[] t : topics) {
                List<String> cmd = new ArrayList<>(List.of(
                        "--bootstrap-server", bootstrap,
                        "--create", "--if-not-exists",
                        "--topic", t[0],
                        "--partitions", t[1],
                        "--replication-factor", "1",
                        "--config", "retention.ms=" + t[2]));
                if (commandConfig != null) {
                    cmd.add("--command-config");
                    cmd.add(commandConfig);
                }
                int code = runTopicCommand(cmd.toArray(String[]::new));
                if (code != 0) {
                    System.err.println("failed to create topic " + t[0] + " (TopicCommand exit code " + code + ")");
                    failed++;
                }
            }
        } finally {
            Exit.resetExitProcedure();
        }
        System.out.println(topics.size() - failed + "/" + topics.size() + " topics present");
        System.exit(failed == 0 ? 0 : 1);
    }
}
