package dev.strata;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.cli.StrataCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * The training run for the launcher's class-sharing archive ({@code -XX:ArchiveClassesAtExit}):
 * loads Strata's own classes and exercises the libraries every command uses (picocli, Jackson,
 * the HTTP client), with no I/O outside the JVM. Later runs map those classes instead of loading
 * them, which takes about a third off every command's start.
 */
final class ClassSharingTraining {
    private ClassSharingTraining() {}

    static void run() throws IOException {
        ClassLoader loader = ClassSharingTraining.class.getClassLoader();
        Path code;
        try {
            code = Path.of(ClassSharingTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            return;
        }
        if (Files.isRegularFile(code)) {
            try (JarFile jar = new JarFile(code.toFile())) {
                jar.stream().map(e -> e.getName())
                        .filter(n -> n.startsWith("dev/strata/") && n.endsWith(".class") && !n.contains("/gui/"))
                        .forEach(n -> load(loader, n.substring(0, n.length() - ".class".length()).replace('/', '.')));
            }
        }
        ObjectMapper json = new ObjectMapper();
        json.writeValueAsString(json.readTree("{\"layers\":[{\"digest\":\"sha256:0\",\"size\":1}],\"n\":1.5}"));
        HttpClient.newBuilder().build();
        StringWriter sink = new StringWriter();
        StrataCli.commandLine(new PrintWriter(sink), new PrintWriter(sink)).execute("--help");
    }

    private static void load(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // An optional dependency missing is fine for training.
        }
    }
}
