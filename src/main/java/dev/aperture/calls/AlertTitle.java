package dev.aperture.calls;

/**
 * An alert's title. A service-level problem reads "TMDb Authentication Error"; a problem of one subject names
 * it first ("Trakt user bob: authentication error", "Jellyseerr user carol: not mapped"), so two different problems
 * of one service never share a title and the admin sees whom or what it is about without opening it.
 */
public final class AlertTitle {

    /** The code SyncJellyseerrRequestsJob gives a requester that matches no Aperture user. */
    static final String USER_NOT_MAPPED = "user_not_mapped";

    private AlertTitle() {}

    public static String of(ServiceId service, Outcome.Failure f) {
        if (f.subject().isBlank()) {
            return service.displayName() + " " + f.type().title() + " Error";
        }
        String what = USER_NOT_MAPPED.equals(f.code()) ? "not mapped"
                : f.type().title().toLowerCase(java.util.Locale.ROOT) + " error";
        return service.displayName() + " " + subject(service, f.subject()) + ": " + what;
    }

    /** The subject as words: Trakt's subjects are usernames, MDBList's are list ids; others already say what. */
    public static String subject(ServiceId service, String subject) {
        return switch (service) {
            case TRAKT -> subject.startsWith("user ") ? subject : "user " + subject;
            case MDBLIST -> subject.startsWith("list ") ? subject : "list " + subject;
            default -> subject;
        };
    }
}
