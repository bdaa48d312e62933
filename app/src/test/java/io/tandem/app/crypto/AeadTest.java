package io.tandem.app.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class AeadTest {

    private final SecretKey key = new SecretKeySpec(Aead.randomKey(), "AES");
    private final byte[] context = "tandem:test".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sealedTextOpensToItself() {
        byte[] sealed = Aead.seal(key, bytes("Buy milk"), context);
        assertThat(new String(Aead.open(key, sealed, context), StandardCharsets.UTF_8)).isEqualTo("Buy milk");
    }

    @Test
    void sealingTwiceGivesDifferentBytes() {
        assertThat(Aead.seal(key, bytes("same"), context)).isNotEqualTo(Aead.seal(key, bytes("same"), context));
    }

    @Test
    void aModifiedCiphertextFails() {
        byte[] sealed = Aead.seal(key, bytes("Buy milk"), context);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> Aead.open(key, tampered, context))
                    .as("flipped a bit of byte %d", i).isInstanceOf(TamperedDataException.class);
        }
    }

    @Test
    void aTruncatedCiphertextFails() {
        byte[] sealed = Aead.seal(key, bytes("Buy milk"), context);
        assertThatThrownBy(() -> Aead.open(key, Arrays.copyOf(sealed, sealed.length - 1), context))
                .isInstanceOf(TamperedDataException.class);
        assertThatThrownBy(() -> Aead.open(key, new byte[5], context)).isInstanceOf(TamperedDataException.class);
    }

    @Test
    void anotherKeyOrContextFails() {
        byte[] sealed = Aead.seal(key, bytes("Buy milk"), context);
        SecretKey other = new SecretKeySpec(Aead.randomKey(), "AES");
        assertThatThrownBy(() -> Aead.open(other, sealed, context)).isInstanceOf(TamperedDataException.class);
        assertThatThrownBy(() -> Aead.open(key, sealed, bytes("tandem:elsewhere")))
                .isInstanceOf(TamperedDataException.class);
    }

    @Test
    void masterKeysParseInOrderWithTheFirstCurrent() {
        String a = Base64.getEncoder().encodeToString(Aead.randomKey());
        String b = Base64.getEncoder().encodeToString(Aead.randomKey());
        MasterKeys keys = MasterKeys.parse(" k2:" + b + " , k1:" + a);
        assertThat(keys.currentId()).isEqualTo("k2");
        assertThat(keys.ids()).containsExactly("k2", "k1");
        assertThat(keys.byId("k1")).isPresent();
        assertThat(keys.toString()).doesNotContain(a).doesNotContain(b);
    }

    @Test
    void badMasterKeysAreRefused() {
        String good = Base64.getEncoder().encodeToString(Aead.randomKey());
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKeys.parse("k1:" + shortKey)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKeys.parse(good)).hasMessageContaining("<keyId>:");
        assertThatThrownBy(() -> MasterKeys.parse("k1:" + good + ",k1:" + good)).hasMessageContaining("twice");
        assertThatThrownBy(() -> MasterKeys.parse("k 1:" + good)).hasMessageContaining("ids");
        assertThatThrownBy(() -> MasterKeys.parse("k1:not*base64")).hasMessageContaining("base64")
                .hasMessageNotContaining("not*base64");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
