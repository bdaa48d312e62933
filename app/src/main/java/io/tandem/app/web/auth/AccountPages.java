package io.tandem.app.web.auth;

import io.swagger.v3.oas.annotations.Hidden;
import io.tandem.app.account.AccountTokens;
import io.tandem.app.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The two pages the account mails link to, for a person with nothing but a browser: each shows a form that sends
 * the mail's token (and, for a reset, the new password) back here, and says what came of it. Apps do the same
 * through {@code POST /api/v1/auth/verify} and {@code /password-reset/confirm}; these pages call the same service.
 * No script runs: plain forms posted to this origin.
 */
@Hidden
@RestController
class AccountPages {

    static final String VERIFY = "/verify-email";
    static final String RESET = "/reset-password";

    private final AccountTokens accountTokens;

    AccountPages(AccountTokens accountTokens) {
        this.accountTokens = accountTokens;
    }

    @GetMapping(path = VERIFY, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> verifyForm(@RequestParam(defaultValue = "") String token) {
        return page(HttpStatus.OK, "Verify your email", """
                <p>Confirm that this address is yours.</p>
                <form method="post" action="%s">
                  <input type="hidden" name="token" value="%s">
                  <button type="submit">Verify my email</button>
                </form>""".formatted(VERIFY, escape(token)));
    }

    @PostMapping(path = VERIFY, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> verify(@RequestParam(defaultValue = "") String token, HttpServletRequest request) {
        try {
            accountTokens.verifyEmail(token, request.getRemoteAddr());
            return page(HttpStatus.OK, "Email verified", "<p>Your email is verified. You can close this page.</p>");
        } catch (ApiException refused) {
            return refusal(refused);
        }
    }

    @GetMapping(path = RESET, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> resetForm(@RequestParam(defaultValue = "") String token) {
        return page(HttpStatus.OK, "Choose a new password", resetFormBody(token));
    }

    @PostMapping(path = RESET, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> reset(@RequestParam(defaultValue = "") String token,
                                 @RequestParam(defaultValue = "") String password, HttpServletRequest request) {
        try {
            accountTokens.resetPassword(token, password, request.getRemoteAddr());
            return page(HttpStatus.OK, "Password changed",
                    "<p>Your password is changed and every other session has ended. Log in with the new one.</p>");
        } catch (ApiException refused) {
            if ("password".equals(field(refused))) {
                return page(refused.status(), "Choose a new password",
                        "<p role=\"alert\">" + escape(refused.getMessage()) + "</p>" + resetFormBody(token));
            }
            return refusal(refused);
        }
    }

    private static String resetFormBody(String token) {
        return """
                <form method="post" action="%s">
                  <input type="hidden" name="token" value="%s">
                  <label>New password (at least 10 characters)
                    <input type="password" name="password" minlength="10" autocomplete="new-password" required></label>
                  <button type="submit">Change my password</button>
                </form>""".formatted(RESET, escape(token));
    }

    private static ResponseEntity<String> refusal(ApiException refused) {
        return page(refused.status(), "That did not work", "<p role=\"alert\">" + escape(refused.getMessage())
                + "</p><p>Ask for a new mail from the app, then use its link.</p>");
    }

    private static String field(ApiException refused) {
        return refused.errors() == null || refused.errors().isEmpty() ? null : refused.errors().get(0).field();
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Tandem</title></head>
                <body><main><h1>%s</h1>
                %s
                </main></body></html>
                """.formatted(escape(title), escape(title), body);
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
