package dev.strata.serve;

/** The error codes of the distribution API that this server answers with, and their HTTP status. */
public enum RegistryError {
    NAME_INVALID(400),
    TAG_INVALID(400),
    DIGEST_INVALID(400),
    NAME_UNKNOWN(404),
    MANIFEST_UNKNOWN(404),
    BLOB_UNKNOWN(404),
    UNAUTHORIZED(401),
    DENIED(403),
    UNSUPPORTED(405),
    RANGE_INVALID(416),
    TOOMANYREQUESTS(503),
    /** The server is stopping (distribution's errcode UNAVAILABLE). */
    UNAVAILABLE(503),
    UNKNOWN(500);

    private final int status;

    RegistryError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The JSON body: {@code {"errors":[{"code","message","detail"}]}}. */
    public String body(String message) {
        return "{\"errors\":[{\"code\":\"" + name() + "\",\"message\":" + quote(message) + ",\"detail\":null}]}";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
