package io.tandem.app.web.auth;

import java.net.URI;

import io.tandem.app.account.AccountErasure;
import io.tandem.app.account.Accounts;
import io.tandem.app.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    static final String ME = "/api/v1/auth/me";

    private final Accounts accounts;
    private final AccountErasure erasure;

    AuthController(Accounts accounts, AccountErasure erasure) {
        this.accounts = accounts;
        this.erasure = erasure;
    }

    @PostMapping("/register")
    ResponseEntity<AuthResponse> register(@Valid @RequestBody RegisterRequest request) {
        AuthResponse body = AuthResponse.of(accounts.register(request.email(), request.password(), request.name()));
        return ResponseEntity.created(URI.create(ME)).body(body);
    }

    @PostMapping("/login")
    AuthResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        return AuthResponse.of(accounts.login(request.email(), request.password(), http.getRemoteAddr()));
    }

    @PostMapping("/refresh")
    AuthResponse refresh(@Valid @RequestBody RefreshTokenRequest request) {
        return AuthResponse.of(accounts.refresh(request.refreshToken()));
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(@Valid @RequestBody RefreshTokenRequest request, CurrentUser user,
            @AuthenticationPrincipal Jwt token) {
        accounts.logout(user.id(), request.refreshToken(), token);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    UserResponse me(CurrentUser user) {
        return UserResponse.of(accounts.account(user.id()));
    }

    @DeleteMapping("/me")
    ResponseEntity<Void> erase(@Valid @RequestBody EraseAccountRequest request, CurrentUser user,
            HttpServletRequest http) {
        erasure.erase(user.id(), request.password(), http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }
}
