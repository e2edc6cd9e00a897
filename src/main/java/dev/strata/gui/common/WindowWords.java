package dev.strata.gui.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the pipeline's sentences in the window's words. The pipeline speaks to both faces and often
 * names the command line's options ("raise --max-layers", "give --ca-cert FILE"); a user of the
 * window has no options, only fields and ticks, so each option is replaced by the setting it sets
 * and the screen that holds it. Whole phrases first (they read better than a word swapped for a
 * word), then every option left by its setting's name, so no {@code --option} ever reaches the
 * window's sentences. Details (Nix's own log lines) are left as they are.
 */
public final class WindowWords {
    private WindowWords() {}

    /** Phrases with an option in them, as the window says them. Order matters: longer phrases first. */
    private static final Map<Pattern, String> PHRASES = new LinkedHashMap<>();
    /** Each option of the command line by the setting of the window that does the same. */
    static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        phrase("allow (unfree|broken) packages with --allow-(?:unfree|broken) \\(in the window: (tick \u201c[^\u201d]+\u201d)\\)",
                "$2 on the Search screen");
        phrase(" anyway with --allow-broken \\(in the window: (tick \u201c[^\u201d]+\u201d)\\)",
                " anyway: $1 on the Search screen");
        phrase("(?:with )?--[a-z-]+ \\(in the window: ([^)]+)\\)", "$1");
        phrase("raise --max-layers or pin fewer packages", "raise Max layers or unpin some (Layers screen)");
        phrase("--max-layers (\\d+) is out of range", "Max layers $1 is out of range");
        phrase("--pin needs a value", "A pin needs a value");
        phrase("--pin '?([^' ]+)'?", "the pin $1");
        phrase("(e\\.g\\.|write e\\.g\\.) --(?:env|port|label|user|workdir|entrypoint|cmd) ", "$1 ");
        phrase("use --manifest-format oci or --compression gzip",
                "choose the OCI manifest format or gzip compression (Image screen)");
        phrase("use --manifest-format oci, or --format docker-archive for Docker",
                "choose the OCI manifest format (Image screen), or send it to a docker-archive file for Docker");
        phrase("use --format oci-archive or oci for zstd, or --compression gzip for a docker-archive",
                "save it as an OCI archive or layout for zstd, or choose gzip compression (Image screen) for a "
                + "docker-archive or a load");
        // git sources as the command line writes them (git:URL#REF): the window has URL and Ref fields
        phrase("e\\.g\\. git:\\S+#main\\b", "e.g. main in the Ref field");
        phrase("name a branch, tag or commit with git:\\S+#REF", "name a branch, tag or commit in the Ref field");
        phrase("write git:\\S+#(refs/heads/\\S+?) or git:\\S+#(refs/tags/\\S+?)(\\.?)$",
                "write $1 or $2 in the Ref field$3");
        phrase("--created '", "creation date '");
        phrase("raise the limit with --nix-timeout or look at the build log",
                "look at the build log under Details");
        phrase("give --creds USER:PASSWORD or --creds-stdin, or run docker login",
                "choose User and type a user name and password on the Build screen, or run docker login");
        phrase("give it longer with --timeout", "give it longer: raise Timeout on the Build screen");
        phrase("give its CA certificate with --ca-cert FILE, or --insecure to skip",
                "choose its CA certificate on the Build screen, or tick Insecure to skip");
        phrase("push with --insecure", "tick Insecure");
        phrase("check --ca-cert, or use --insecure for this registry",
                "check the CA certificate, or tick Insecure for this registry");
        phrase("point --docker-host at a running one", "enter a running one as the Docker host");
        phrase("point --docker-host at its socket", "enter its socket as the Docker host");
        phrase("give --docker-host unix:///path/to/docker.sock",
                "enter its socket as the Docker host (unix:///path/to/docker.sock)");
        phrase("choose another source \\(--source demo, channel:NAME, git:URL#REF or path:DIR\\)",
                "choose another source on the Source screen");
        phrase("e\\.g\\. --source path:", "e.g. ");
        phrase("no --creds given", "no user and password given");
        phrase("drop --previous", "build without a previous image");
        phrase("e\\.g\\. --add \\./app\\.conf:/etc/app\\.conf:uid=1000,gid=1000,mode=0640", "e.g. /etc/app.conf");
        phrase("; the last lines of its log:$", "; its last log lines are under Details.");

        setting("allow-unfree", "\u201cAllow unfree packages\u201d");
        setting("allow-broken", "\u201cAllow broken packages\u201d");
        setting("max-layers", "Max layers");
        setting("strategy", "Strategy");
        setting("pin", "the pin");
        setting("popularity", "the popularity data");
        setting("entrypoint", "Entrypoint");
        setting("cmd", "Command");
        setting("env", "Environment");
        setting("workdir", "Working directory");
        setting("user", "User");
        setting("port", "Ports");
        setting("label", "Labels");
        setting("tag", "Image name");
        setting("compression", "Compression");
        setting("manifest-format", "Manifest format");
        setting("created", "Creation date");
        setting("insecure", "Insecure");
        setting("ca-cert", "the CA certificate");
        setting("creds-stdin", "a user and password");
        setting("creds", "a user and password");
        setting("docker-host", "the Docker host");
        setting("format", "Send to");
        setting("replace", "Replace the layout");
        setting("source", "the source");
        setting("recipe", "the recipe");
        setting("previous", "a previous image");
        setting("nix-timeout", "the Nix time limit");
        setting("timeout", "the load timeout");
        setting("expr", "an expression");
        setting("from", "the base image");
        setting("add", "Files");
        setting("sbom", "the SBOM");
        setting("json", "");
    }

    private static void phrase(String regex, String replacement) {
        PHRASES.put(Pattern.compile(regex), replacement);
    }

    private static void setting(String option, String name) {
        SETTINGS.put(option, name);
    }

    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z-]*[a-z])\\b");

    /** A sentence of the pipeline in the window's words. */
    public static String of(String sentence) {
        if (sentence == null || !sentence.contains("--") && !sentence.contains("git:")) {
            return sentence;
        }
        String s = sentence;
        for (Map.Entry<Pattern, String> p : PHRASES.entrySet()) {
            s = p.getKey().matcher(s).replaceAll(p.getValue());
        }
        Matcher m = OPTION.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = SETTINGS.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(name == null ? m.group() : name));
        }
        m.appendTail(out);
        return out.toString().replace("  ", " ");
    }
}
