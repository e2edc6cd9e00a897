package dev.strata.output.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235), e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull,push"}
 * gives scheme {@code bearer} and three parameters; the comma inside the quoted scope stays in it.
 * Parameter names are lower-cased; values keep their case, with quotes and backslash escapes removed.
 */
public record WwwAuthenticate(String scheme, Map<String, String> params) {
    public WwwAuthenticate {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    /** The first Bearer or Basic challenge among the header values, if any. */
    public static Optional<WwwAuthenticate> first(List<String> headerValues) {
        WwwAuthenticate basic = null;
        for (String v : headerValues) {
            Optional<WwwAuthenticate> c = parse(v);
            if (c.isPresent() && c.get().isBearer()) {
                return c;
            }
            if (c.isPresent() && c.get().isBasic() && basic == null) {
                basic = c.get();
            }
        }
        return Optional.ofNullable(basic);
    }

    public static Optional<WwwAuthenticate> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String s = header.strip();
        int sp = 0;
        while (sp < s.length() && !Character.isWhitespace(s.charAt(sp))) {
            sp++;
        }
        if (sp == 0) {
            return Optional.empty();
        }
        String scheme = s.substring(0, sp);
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp;
        while (i < s.length()) {
            while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < s.length() && s.charAt(i) != '=' && s.charAt(i) != ',' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length() || s.charAt(i) != '=') {
                continue; // a token68 or stray word: nothing registries use
            }
            i++;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < s.length() && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            if (!name.isEmpty()) {
                params.put(name, value.toString().strip());
            }
        }
        return Optional.of(new WwwAuthenticate(scheme, params));
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public String param(String name) {
        return params.get(name);
    }
}
