package dev.strata.gui.app;

import dev.strata.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Whether the desktop asks for dark colours. GNOME (and desktops that follow its settings, through
 * the XDG settings portal) keeps the choice in {@code org.gnome.desktop.interface color-scheme}
 * ({@code 'prefer-dark'}); older GNOME and other GTK desktops say it by the GTK theme's name
 * ({@code Adwaita-dark}). Read with {@code gsettings} when it is there; anything else means light.
 * Runs a process: call it off the FX thread (the launcher asks before the window opens).
 */
public final class DesktopColours {
    private DesktopColours() {}

    public static boolean prefersDark() {
        String scheme = gsettings("color-scheme");
        if (scheme.contains("prefer-dark")) {
            return true;
        }
        if (scheme.contains("prefer-light")) {
            return false;
        }
        return gsettings("gtk-theme").toLowerCase(Locale.ROOT).contains("dark");
    }

    /** A key of org.gnome.desktop.interface, or empty when gsettings is missing, slow or fails. */
    private static String gsettings(String key) {
        try {
            Process p = ChildProcesses.start(new ProcessBuilder(List.of("gsettings", "get", "org.gnome.desktop.interface",
                    key)).redirectError(ProcessBuilder.Redirect.DISCARD));
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
