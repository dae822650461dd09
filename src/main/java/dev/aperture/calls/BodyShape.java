package dev.aperture.calls;

/** What a reply's body looks like, before any vendor reads it. */
public enum BodyShape {
    EMPTY, JSON, HTML,
    /** Starts like JSON or is labelled JSON, but does not parse: cut short by the server, or broken. */
    MALFORMED_JSON,
    /** Plain text, XML, an image: anything that is none of the above. */
    OTHER;

    public static BodyShape of(Answer.Reply reply) {
        if (Cdn.isHtml(reply)) {
            return HTML;
        }
        String body = reply.body().strip();
        if (body.isEmpty()) {
            return EMPTY;
        }
        if (JsonBody.parse(body).isPresent()) {
            return JSON;
        }
        boolean jsonLike = body.startsWith("{") || body.startsWith("[") || reply.contentType().contains("json");
        return jsonLike ? MALFORMED_JSON : OTHER;
    }
}
