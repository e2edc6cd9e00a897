package dev.strata.nix;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows one Nix command's internal-json log: counts built derivations, remembers the running
 * builds and the last lines each one printed (for the error when a build fails), and collects
 * the error messages. Not thread-safe; fed by a single reader thread.
 */
final class BuildLog {
    private static final int TAIL = 25;

    private final NixProgress.Listener listener;
    private final Map<Long, String> buildDrv = new LinkedHashMap<>();
    private final Map<String, Deque<String>> drvLog = new HashMap<>();
    private final Deque<String> plainTail = new ArrayDeque<>();
    private final List<String> errors = new ArrayList<>();
    private long buildsActivity = -1;
    private int built;
    private int toBuild;
    private int failed;
    private String lastLine = "";

    BuildLog(NixProgress.Listener listener) {
        this.listener = listener;
    }

    void accept(String line) {
        var parsed = NixLogEvent.parse(line);
        if (parsed.isEmpty()) {
            String plain = NixLogEvent.stripAnsi(line);
            remember(plainTail, plain);
            if (plain.startsWith("error:")) {
                errors.add(plain);
            }
            listener.log(plain);
            return;
        }
        NixLogEvent event = parsed.get();
        if (event instanceof NixLogEvent.Msg m) {
            if (m.level() == 0) {
                errors.add(m.text());
            }
            if (m.level() <= 3) {
                listener.log(m.text());
            }
        } else if (event instanceof NixLogEvent.Start s) {
            if (s.type() == NixLogEvent.ACT_BUILDS) {
                buildsActivity = s.id();
            } else if (s.type() == NixLogEvent.ACT_BUILD && !s.fields().isEmpty()) {
                buildDrv.put(s.id(), s.fields().get(0));
                listener.log(s.text());
                publish();
            }
        } else if (event instanceof NixLogEvent.Stop s) {
            if (buildDrv.remove(s.id()) != null) {
                publish();
            }
        } else if (event instanceof NixLogEvent.Result r) {
            if (r.type() == NixLogEvent.RES_PROGRESS && r.id() == buildsActivity && r.fields().size() >= 2) {
                built = (int) r.longField(0);
                toBuild = (int) r.longField(1);
                failed = r.fields().size() >= 4 ? (int) r.longField(3) : 0;
                publish();
            } else if (r.type() == NixLogEvent.RES_BUILD_LOG_LINE && !r.fields().isEmpty()) {
                String drv = buildDrv.get(r.id());
                lastLine = r.fields().get(0);
                if (drv != null) {
                    remember(drvLog.computeIfAbsent(drv, k -> new ArrayDeque<>()), lastLine);
                }
                listener.log(lastLine);
                publish();
            }
        }
    }

    private void publish() {
        List<String> running = buildDrv.values().stream().map(BuildLog::drvName).toList();
        listener.progress(new NixProgress(built, toBuild, failed, running, lastLine));
    }

    private static void remember(Deque<String> tail, String line) {
        tail.addLast(line);
        if (tail.size() > TAIL) {
            tail.removeFirst();
        }
    }

    /** {@code /nix/store/<hash>-hello-1.0.drv} -> {@code hello-1.0}. */
    static String drvName(String drvPath) {
        String base = drvPath.substring(drvPath.lastIndexOf('/') + 1);
        if (base.length() > 33 && base.charAt(32) == '-') {
            base = base.substring(33);
        }
        return base.endsWith(".drv") ? base.substring(0, base.length() - 4) : base;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    List<String> logOf(String drvPath) {
        Deque<String> d = drvLog.get(drvPath);
        return d == null ? List.of() : List.copyOf(d);
    }

    List<String> plainTail() {
        return List.copyOf(plainTail);
    }

    int built() {
        return built;
    }
}
