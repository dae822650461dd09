package dev.aperture.calls;

/**
 * The words the shared preamble needs to explain a 2xx reply that is not the JSON API answering: what a
 * service is called, where its URL is set and, for a server the admin runs, what to check on it. The codes
 * differ by kind because alerts already carry them: a public API answers {@code html_response} and
 * {@code invalid_response}; a server whose address the admin types (media server, Jellyseerr, an
 * OpenAI-compatible gateway) answers its own HTML code, {@code invalid_json} and {@code not_json}, because
 * there a page that is not the API is a wrong address far more often than an outage.
 *
 * @param name  the subject of a sentence: "TMDb", "The media server"
 * @param api   the API as an object of a sentence: "the media server's API"; unused for a public API
 * @param addressTyped  whether the admin types the address (self-hosted, or any compatible server)
 * @param htmlCode  the code of an HTML page answered with 2xx
 * @param htmlAction  what to do about it
 * @param urlAction  what to do about a reply that is not JSON at all
 * @param serverAction  what to do about malformed JSON
 */
public record JsonApi(String name, String api, boolean addressTyped, String htmlCode, String htmlAction,
                      String urlAction, String serverAction) {

    /** A public API at a known address: a wrong page means the base URL, a broken body means an outage. */
    public static JsonApi publicApi(String name, String baseUrlAction) {
        return new JsonApi(name, name + "'s API", false, "html_response", baseUrlAction, baseUrlAction,
                Actions.OUTAGE);
    }

    /** A server at an address the admin typed. */
    public static JsonApi typedAddress(String name, String api, String htmlCode, String htmlAction, String urlAction,
                                       String serverAction) {
        return new JsonApi(name, api, true, htmlCode, htmlAction, urlAction, serverAction);
    }

    Outcome.Failure html(int status) {
        if (!addressTyped) {
            return new Outcome.Failure(ErrorType.CONFIGURATION, htmlCode, status, name + " answered an HTML page "
                    + "instead of JSON: the base URL points at a website or a proxy, not the API.", htmlAction);
        }
        return new Outcome.Failure(ErrorType.CONFIGURATION, htmlCode, status, "A login page or another site "
                + "answered instead of " + api + " (HTML with HTTP " + status + "): the URL or base URL is wrong, "
                + "points at a web client, or a proxy's login page is in the way.", htmlAction);
    }

    Outcome.Failure malformed(int status) {
        if (!addressTyped) {
            return new Outcome.Failure(ErrorType.OUTAGE, "invalid_response", status, name + " answered HTTP " + status
                    + " without a readable JSON body (malformed or cut short).", Actions.OUTAGE);
        }
        return new Outcome.Failure(ErrorType.OUTAGE, "invalid_json", status,
                name + " sent an incomplete or malformed JSON response.", serverAction);
    }

    /** A body that is not JSON at all, {@code what} saying which ("empty", "not JSON"). */
    Outcome.Failure notJson(int status, String what) {
        if (!addressTyped) {
            return new Outcome.Failure(ErrorType.OUTAGE, "invalid_response", status, name + " answered HTTP " + status
                    + " without a readable JSON body (" + what + ").", Actions.OUTAGE);
        }
        return new Outcome.Failure(ErrorType.CONFIGURATION, "not_json", status, "Something other than " + api
                + " answered at this URL (HTTP " + status + " without JSON).", urlAction);
    }
}
