package dev.aperture.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An alert's title names the subject it is about, so two problems of one service never read the same. */
class AlertTitleTest {

    private static Outcome.Failure failure(ErrorType type, String code, String subject) {
        return new Outcome.Failure(type, code, 401, "message", "action").withSubject(subject);
    }

    @Test
    void a_service_level_problem_keeps_the_service_and_type_title() {
        assertThat(AlertTitle.of(ServiceId.TMDB, failure(ErrorType.AUTHENTICATION, "7", "")))
                .isEqualTo("TMDb Authentication Error");
    }

    @Test
    void a_trakt_user_a_mdblist_list_and_an_unmapped_jellyseerr_user_are_named() {
        assertThat(AlertTitle.of(ServiceId.TRAKT, failure(ErrorType.AUTHENTICATION, "invalid_grant", "bob")))
                .isEqualTo("Trakt user bob: authentication error");
        assertThat(AlertTitle.of(ServiceId.MDBLIST, failure(ErrorType.CONFIGURATION, "404", "4521")))
                .isEqualTo("MDBList list 4521: configuration error");
        assertThat(AlertTitle.of(ServiceId.JELLYSEERR, failure(ErrorType.CONFIGURATION, "user_not_mapped", "user 7")))
                .isEqualTo("Jellyseerr user 7: not mapped");
        assertThat(AlertTitle.of(ServiceId.JELLYSEERR, failure(ErrorType.CONFIGURATION, "connection_refused", "")))
                .isNotEqualTo(AlertTitle.of(ServiceId.JELLYSEERR, failure(ErrorType.CONFIGURATION, "user_not_mapped",
                        "user 7")));
    }
}
