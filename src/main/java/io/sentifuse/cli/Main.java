package io.sentifuse.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.system.NativeMemory;
import io.sentifuse.system.Nd4jBinaries;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code sentifuse} executable: one command tree, exit codes per the CLI contract. */
@Command(name = "sentifuse",
        // INHERIT gives every subcommand -h/--help (and -V), so `sentifuse train --help` works as users expect
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Multimodal (text + image) sentiment analysis on Deeplearning4j / SameDiff.",
        subcommands = {
                EnvCommand.class,
                ConfigCommand.class,
                DataCommand.class,
                ImportCommand.class,
                ConformanceCommand.class,
                EncodeCommand.class,
                TrainCommand.class,
                SweepCommand.class,
                ReproduceCommand.class,
                ExportCommand.class,
                PredictCommand.class,
                EvaluateCommand.class,
                ServeCommand.class,
                DemoCommand.class,
                UiCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Option(names = {"-v", "--verbose"}, description = "Debug logging and full stack traces.", scope = CommandLine.ScopeType.INHERIT)
    void setVerbose(boolean verbose) {
        if (verbose && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("io.sentifuse").setLevel(Level.DEBUG);
        }
        Main.verbose = verbose;
    }

    private static boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        try {
            // both are read once, when ND4J loads: nothing may touch ND4J before them
            NativeMemory.configure();
            Nd4jBinaries.configure();
            TranslationOptions.Depthwise.requested();
        } catch (UserInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(UserInputException.EXIT_CODE);
        }
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cli = null;
        try {
            cli = commandLine();
            // stdout carries the command's result alone (one JSON object with --json); what libraries print there
            // (SameDiff announces every differentiated op) goes to the log instead
            cli.setOut(new PrintWriter(System.out, true));
            try (StdoutToLog ignored = StdoutToLog.start()) {
                return cli.execute(args);
            }
        } catch (OutOfMemoryError e) {
            if (!NativeMemory.atCeiling(e)) {
                throw e;
            }
            LOG.debug("out of native memory", e);
            PrintWriter err = cli == null ? new PrintWriter(System.err, true) : cli.getErr();
            err.println("error: " + NativeMemory.ceilingAdvice());
            err.flush();
            return 1;
        }
    }

    /** The configured command tree. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        if (e instanceof UserInputException) {
            cli.getErr().println("error: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(cli.getErr());
            }
            return UserInputException.EXIT_CODE;
        }
        LOG.error("internal error in '{}': {}", cli.getCommandName(), e.toString(), e);
        cli.getErr().println("internal error: " + e + (verbose ? "" : " (run with --verbose for the stack trace)"));
        return 1;
    }
}
