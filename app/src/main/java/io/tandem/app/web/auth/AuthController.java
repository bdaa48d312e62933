package io.tandem.app.web.auth;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.tandem.app.account.AccountErasure;
import io.tandem.app.account.AccountTokens;
import io.tandem.app.account.Accounts;
import io.tandem.app.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "auth")
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    static final String ME = "/api/v1/auth/me";

    private final Accounts accounts;
    private final AccountErasure erasure;
    private final AccountTokens accountTokens;

    AuthController(Accounts accounts, AccountErasure erasure, AccountTokens accountTokens) {
        this.accounts = accounts;
        this.erasure = erasure;
        this.accountTokens = accountTokens;
    }

    @Operation(operationId = "register", summary = "Register an account",
            description = "Creates an account from `{email, password, name}` and signs it in: 201 with the user, an "
                    + "access token (15 minutes) and a refresh token (30 days). The password has at least 10 "
                    + "characters; the email is unique, case-insensitively (409 when taken). A verification mail is "
                    + "sent.")
    @PostMapping("/register")
    ResponseEntity<AuthResponse> register(@Valid @RequestBody RegisterRequest request) {
        AuthResponse body = AuthResponse.of(accounts.register(request.email(), request.password(), request.name()));
        return ResponseEntity.created(URI.create(ME)).body(body);
    }

    @Operation(operationId = "login", summary = "Log in with email and password",
            description = "Answers the user and a new token pair. Wrong credentials answer 401; after 5 failed logins "
                    + "per account or 50 per client IP in 15 minutes, 429.")
    @PostMapping("/login")
    AuthResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        return AuthResponse.of(accounts.login(request.email(), request.password(), http.getRemoteAddr()));
    }

    @Operation(operationId = "refresh", summary = "Exchange a refresh token for a new token pair",
            description = "Refresh tokens rotate: each works once and the answer carries a NEW refresh token. "
                    + "Presenting one that was used already is treated as theft: 401, and every refresh token of "
                    + "that login family is revoked.")
    @PostMapping("/refresh")
    AuthResponse refresh(@Valid @RequestBody RefreshTokenRequest request) {
        return AuthResponse.of(accounts.refresh(request.refreshToken()));
    }

    @Operation(operationId = "logout", summary = "Log out: revoke a refresh token",
            description = "Revokes the given refresh token of the caller (it no longer refreshes) and answers 204.")
    @PostMapping("/logout")
    ResponseEntity<Void> logout(@Valid @RequestBody RefreshTokenRequest request, CurrentUser user,
            @AuthenticationPrincipal Jwt token) {
        accounts.logout(user.id(), request.refreshToken(), token);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "getMe", summary = "Read the caller's account",
            description = "The `User` of the access token: id, email, name, avatar, emailVerified, lastLoginAt, "
                    + "createdAt, updatedAt.")
    @GetMapping("/me")
    UserResponse me(CurrentUser user) {
        return UserResponse.of(accounts.account(user.id()));
    }

    @Operation(operationId = "eraseMe", summary = "Erase the caller's account",
            description = "Confirmed with the account's password. Afterwards the account cannot log in and its name "
                    + "and email are gone from read models, search and answers; history shows them as \"[erased]\". "
                    + "Answers 204.")
    @DeleteMapping("/me")
    ResponseEntity<Void> erase(@Valid @RequestBody EraseAccountRequest request, CurrentUser user,
            HttpServletRequest http) {
        erasure.erase(user.id(), request.password(), http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "verifyEmail", summary = "Verify the account's email with the token from the "
            + "verification mail",
            description = "Single-use; an unknown, expired or used token answers 400. Tokens issued afterwards "
                    + "(login, refresh) carry the auditor role when the address is listed in TANDEM_AUDITORS.")
    @PostMapping("/verify")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void verify(@Valid @RequestBody VerifyEmailRequest request, HttpServletRequest http) {
        accountTokens.verifyEmail(request.token(), http.getRemoteAddr());
    }

    @Operation(operationId = "resendVerification", summary = "Mail the caller a new verification link",
            description = "409 when the email is verified already; limited per address like password resets.")
    @PostMapping("/verify/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void resendVerification(CurrentUser user, HttpServletRequest http) {
        accountTokens.resendVerification(user.id(), http.getRemoteAddr());
    }

    @Operation(operationId = "requestPasswordReset", summary = "Mail a password reset link",
            description = "Always 202 with an empty body, whether or not the address has an account (only then is "
                    + "a mail sent). Limited per address and per client IP (429).")
    @PostMapping("/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void requestPasswordReset(@Valid @RequestBody PasswordResetRequest request, HttpServletRequest http) {
        accountTokens.requestPasswordReset(request.email(), http.getRemoteAddr());
    }

    @Operation(operationId = "confirmPasswordReset", summary = "Set a new password with the token from the reset mail",
            description = "Single-use; an unknown, expired or used token answers 400. Every refresh token of the "
                    + "account is revoked (all sessions end) and the email counts as verified.")
    @PostMapping("/password-reset/confirm")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void confirmPasswordReset(@Valid @RequestBody PasswordResetConfirmRequest request, HttpServletRequest http) {
        accountTokens.resetPassword(request.token(), request.password(), http.getRemoteAddr());
    }
}
