package dev.aperture.ui;

import dev.aperture.web.ErrorPage;
import dev.aperture.web.Requests;
import io.javalin.http.Context;
import java.util.Map;

/** An unknown id or a failure on a page, shown in the layout with a way back, not as the API's JSON. */
final class PageErrors implements ErrorPage {

    private final Frame frame;

    PageErrors(Frame frame) {
        this.frame = frame;
    }

    @Override
    public boolean render(Context ctx, int status, String message) {
        if (Requests.principal(ctx) == null) {
            return false;
        }
        ctx.status(status);
        if (ctx.header("HX-Request") != null) {
            // htmx swaps nothing on an error status; the text is for anyone reading the response.
            ctx.html(escape(message));
            return true;
        }
        String title = switch (status) {
            case 404 -> "Not found";
            case 400 -> "Bad request";
            case 403 -> "Not allowed";
            case 409 -> "Conflict";
            default -> status >= 500 ? "Something went wrong" : "Error " + status;
        };
        frame.page(ctx, "error.jte", title, "", Map.of("status", status, "message", message == null ? "" : message));
        return true;
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
