package dev.openivs.tools.pg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.CountDownLatch;

/**
 * Local-stack helpers around PostgreSQL, used by the {@code ivs} script.
 *
 * <pre>
 *   EmbeddedPg run    &lt;port&gt; &lt;dataDir&gt; &lt;binDir&gt; [db...]   start PostgreSQL, create dbs, print READY, block until killed
 *   EmbeddedPg create-dbs &lt;host&gt; &lt;port&gt; &lt;user&gt; &lt;password&gt; db...   create missing databases over JDBC (no psql needed)
 * </pre>
 */
public final class EmbeddedPg {

    private EmbeddedPg() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "run" -> run(args);
            case "create-dbs" -> createDbs(args);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: EmbeddedPg run <port> <dataDir> <binDir> [db...]");
        System.err.println("       EmbeddedPg create-dbs <host> <port> <user> <password> db...");
        System.exit(2);
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 4) {
            usage();
        }
        int port = Integer.parseInt(args[1]);
        File dataDir = new File(args[2]).getAbsoluteFile();
        if (!dataDir.isDirectory() && !dataDir.mkdirs()) {
            throw new IllegalStateException("cannot create data directory " + dataDir);
        }
        // Where the PostgreSQL binaries get unpacked. An unpack that was interrupted
        // (OOM, kill) leaves a half-filled directory that zonky refuses to reuse, so we
        // only trust it once a marker written after a successful start is present.
        File binDir = new File(args[3]).getAbsoluteFile();
        File marker = new File(binDir, ".ivs-unpacked");
        if (binDir.exists() && !marker.exists()) {
            deleteRecursively(binDir.toPath());
        }
        if (!binDir.isDirectory() && !binDir.mkdirs()) {
            throw new IllegalStateException("cannot create directory " + binDir);
        }
        List<String> dbs = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            dbs.add(args[i]);
        }

        long t0 = System.nanoTime();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binDir)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping embedded PostgreSQL on port " + port);
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("error while stopping PostgreSQL: " + e);
            }
            stopped.countDown();
        }, "embedded-pg-shutdown"));

        Files.writeString(marker.toPath(), "ok\n");

        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            ensureDatabases(c, dbs);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("embedded PostgreSQL listening on 127.0.0.1:" + port
                + " (data " + dataDir + ", started in " + ms + " ms)");
        System.out.println("READY");
        System.out.flush();
        // Block until the JVM is asked to stop (SIGTERM/SIGINT); the hook then stops postgres.
        new CountDownLatch(1).await();
    }

    private static void createDbs(String[] args) throws Exception {
        if (args.length < 6) {
            usage();
        }
        String url = "jdbc:postgresql://" + args[1] + ":" + args[2] + "/postgres";
        List<String> dbs = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            dbs.add(args[i]);
        }
        try (Connection c = DriverManager.getConnection(url, args[3], args[4])) {
            ensureDatabases(c, dbs);
        }
    }

    private static void ensureDatabases(Connection c, List<String> dbs) throws Exception {
        for (String db : dbs) {
            if (!db.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("bad database name: " + db);
            }
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement st = c.createStatement()) {
                    st.execute("create database \"" + db + "\"");
                }
                System.out.println("created database " + db);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
