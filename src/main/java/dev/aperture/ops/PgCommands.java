package dev.aperture.ops;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** pg_dump / pg_restore command lines for an APERTURE_DATABASE_URL, without its password. */
final class PgCommands {

    private PgCommands() {}

    static String dump(String jdbcUrl, Path file) {
        return "pg_dump --format=custom " + connection(jdbcUrl) + " --file=" + quote(file.toString());
    }

    static String restore(String jdbcUrl, Path file) {
        return "pg_restore --clean --if-exists --no-owner " + connection(jdbcUrl) + " " + quote(file.toString());
    }

    /** Host, port, user and database from {@code jdbc:postgresql://host:port/db?user=…}; the password stays out. */
    private static String connection(String jdbcUrl) {
        List<String> parts = new ArrayList<>();
        try {
            URI uri = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
            if (uri.getHost() != null) {
                parts.add("--host=" + quote(uri.getHost()));
            }
            if (uri.getPort() > 0) {
                parts.add("--port=" + uri.getPort());
            }
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            for (String pair : query.split("&")) {
                if (pair.startsWith("user=")) {
                    parts.add("--username=" + quote(pair.substring(5)));
                }
            }
            String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            parts.add("--dbname=" + quote(db.isEmpty() ? "aperture" : db));
        } catch (IllegalArgumentException e) {
            parts.add("--dbname=aperture");
        }
        return String.join(" ", parts);
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:@=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
