package dev.aperture.library;

import dev.aperture.web.Api;
import dev.aperture.web.BadRequest;
import dev.aperture.web.Json;
import dev.aperture.web.NotFound;
import dev.aperture.web.Requests;
import dev.aperture.web.RouteGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code POST /api/library/import} seeds the library without a media server; the library can be read back. */
public final class LibraryRoutes implements RouteGroup {

    private static final Set<String> TYPES = Set.of("movie", "series");
    private final LibraryStore library;

    public LibraryRoutes(LibraryStore library) {
        this.library = library;
    }

    @Override
    public void register(Api api) {
        api.post("/api/library/import", ctx -> {
            if (!(Json.plain(ctx) instanceof List<?> body)) {
                throw new BadRequest("body", "must be a JSON array of {type, title, year, imdbId, tmdbId}");
            }
            if (body.size() > 100_000) {
                throw new BadRequest("body", "at most 100000 items per import");
            }
            List<LibraryStore.NewItem> items = new ArrayList<>();
            for (int i = 0; i < body.size(); i++) {
                items.add(parse(body.get(i), "[" + i + "]"));
            }
            int added = 0;
            for (LibraryStore.NewItem item : items) {
                added += library.upsert(item, "import") ? 1 : 0;
            }
            ctx.json(Map.of("imported", items.size(), "added", added, "updated", items.size() - added,
                    "total", library.count()));
        });
        api.get("/api/library", ctx -> {
            // Paged like /api/errors, so a large library never has to fit one answer; the default page
            // holds a typical library whole, as before paging, and clients follow nextCursor past it.
            Optional<LibraryCursor> cursor = Requests.query(ctx, "cursor").map(c -> LibraryCursor.decode(c)
                    .orElseThrow(() -> new BadRequest("cursor", "is not a cursor this API returned")));
            LibraryStore.Page page = library.page(Requests.limit(ctx, 500, 1000), cursor);
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("items", page.items());
            body.put("nextCursor", page.nextCursor());
            ctx.json(body);
        });
        api.get("/api/library/{id}", ctx -> ctx.json(library.find(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFound("no library item with id " + ctx.pathParam("id")))));
    }

    private static LibraryStore.NewItem parse(Object entry, String at) {
        if (!(entry instanceof Map<?, ?> node)) {
            throw new BadRequest(at, "must be an object");
        }
        String type = text(node, "type", at);
        if (type == null || !TYPES.contains(type)) {
            throw new BadRequest(at + ".type", "must be movie or series");
        }
        String title = text(node, "title", at);
        if (title == null || title.isBlank()) {
            throw new BadRequest(at + ".title", "is required");
        }
        Integer year = null;
        Object y = node.get("year");
        if (y != null) {
            if (!(y instanceof Number n) || n.doubleValue() < 1870 || n.doubleValue() >= 2201) {
                throw new BadRequest(at + ".year", "must be a year such as 1999");
            }
            year = n.intValue();
        }
        String imdb = text(node, "imdbId", at);
        if (imdb != null && !imdb.matches("tt\\d{5,10}")) {
            throw new BadRequest(at + ".imdbId", "must look like tt0133093");
        }
        Object t = node.get("tmdbId");
        String tmdb = null;
        if (t != null) {
            tmdb = t instanceof String || t instanceof Number ? String.valueOf(t).trim() : "";
            if (!tmdb.matches("\\d{1,10}")) {
                throw new BadRequest(at + ".tmdbId", "must be a number such as 603");
            }
        }
        return new LibraryStore.NewItem(type, title.trim(), year, imdb, tmdb, null);
    }

    private static String text(Map<?, ?> node, String field, String at) {
        Object v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new BadRequest(at + "." + field, "must be a string");
        }
        String trimmed = s.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
