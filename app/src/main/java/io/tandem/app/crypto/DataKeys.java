package io.tandem.app.crypto;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tandem.api.Sensitive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data keys of the {@code data_keys} table: one per workspace or user, created on first use, stored only
 * wrapped by a master key, and destroyed for good when its workspace is deleted or its user erased. Unwrapped keys
 * stay in memory briefly (bounded), so that reading a workspace's history does not unwrap once per event.
 */
public class DataKeys {

    /** A usable data key. Its {@code toString} names the id only. */
    record DataKey(UUID id, SecretKey key) {

        @Override
        public String toString() {
            return "DataKey[" + id + "]";
        }
    }

    private record ScopeRef(Sensitive.Scope scope, UUID scopeId) {
    }

    /** A data key that was destroyed: the scope it protected and its id. */
    record Destroyed(Sensitive.Scope scope, UUID scopeId, UUID keyId) {
    }

    private record Row(UUID keyId, byte[] wrapped, String masterKeyId, boolean destroyed) {
    }

    private static final Logger log = LoggerFactory.getLogger(DataKeys.class);
    private static final String COLUMNS = "key_id, wrapped_key, master_key_id, destroyed_at";

    private final JdbcClient jdbc;
    private final MasterKeys masterKeys;
    /** Key creation commits on its own, before the event it protects: a rolled-back event leaves a harmless key. */
    private final TransactionTemplate ownTransaction;
    private final Cache<UUID, Optional<DataKey>> byId;
    private final Cache<ScopeRef, Optional<DataKey>> byScope;
    /** Who hears of each destruction once it is committed (other replicas forget the key at once). */
    private volatile Consumer<Destroyed> destructions = destroyed -> {
    };

    DataKeys(JdbcClient jdbc, MasterKeys masterKeys, PlatformTransactionManager transactions,
            CryptoProperties properties) {
        this.jdbc = jdbc;
        this.masterKeys = masterKeys;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.byId = Caffeine.newBuilder().maximumSize(properties.keyCacheSize())
                .expireAfterWrite(properties.keyCacheTtl()).build();
        this.byScope = Caffeine.newBuilder().maximumSize(properties.keyCacheSize())
                .expireAfterWrite(properties.keyCacheTtl()).build();
    }

    /** The key new data of this scope is encrypted with, created on first use; empty once destroyed. */
    Optional<DataKey> forEncryption(Sensitive.Scope scope, UUID scopeId) {
        return byScope.get(new ScopeRef(scope, scopeId), ref -> findOrCreate(ref));
    }

    /** The key with this id; empty when it was destroyed (or never committed), which means "erased". */
    Optional<DataKey> forDecryption(UUID keyId) {
        return byId.get(keyId, id -> jdbc.sql("select " + COLUMNS + " from data_keys where key_id = :id")
                .param("id", id)
                .query(DataKeys::row)
                .optional()
                .flatMap(this::unwrap));
    }

    /**
     * Destroys the scope's key, or records that the scope may never get one. Idempotent. Every field it protected
     * reads as erased from now on: here at once, on the other replicas when they hear of it through Redis
     * ({@link KeyDestructions}), or at the latest once their cache entry expires.
     */
    public void destroy(Sensitive.Scope scope, UUID scopeId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID keyId = jdbc.sql("""
                        insert into data_keys (key_id, scope, scope_id, created_at, destroyed_at)
                        values (:id, :scope, :scopeId, :now, :now)
                        on conflict (scope, scope_id) do update
                           set wrapped_key = null,
                               destroyed_at = coalesce(data_keys.destroyed_at, excluded.destroyed_at)
                        returning key_id
                        """)
                .param("id", UUID.randomUUID())
                .param("scope", name(scope))
                .param("scopeId", scopeId)
                .param("now", now)
                .query(UUID.class)
                .single();
        ScopeRef ref = new ScopeRef(scope, scopeId);
        forget(ref, keyId);
        Destroyed destroyed = new Destroyed(scope, scopeId, keyId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // A reader between now and the commit could still load the old row; forget again once it is gone.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forget(ref, keyId);
                    destructions.accept(destroyed);
                }
            });
        } else {
            destructions.accept(destroyed);
        }
        log.info("Destroyed the data key of {} {}", name(scope), scopeId);
    }

    /**
     * Rewraps every live data key whose master key is listed but not current; answers how many it rewrapped. Keys
     * of master keys no longer listed cannot be rewrapped (nor read): they are counted and reported.
     */
    int rewrapWithCurrentMasterKey() {
        List<String> older = masterKeys.ids().stream().filter(id -> !id.equals(masterKeys.currentId())).toList();
        int rewrapped = 0;
        if (!older.isEmpty()) {
            List<Row> stale = jdbc.sql("select " + COLUMNS + " from data_keys "
                            + "where destroyed_at is null and master_key_id in (:older)")
                    .param("older", older)
                    .query(DataKeys::row)
                    .list();
            for (Row row : stale) {
                rewrapped += jdbc.sql("update data_keys set wrapped_key = :wrapped, master_key_id = :current "
                                + "where key_id = :id and master_key_id = :old and destroyed_at is null")
                        .param("wrapped", wrap(row.keyId(), unwrapBytes(row)))
                        .param("current", masterKeys.currentId())
                        .param("id", row.keyId())
                        .param("old", row.masterKeyId())
                        .update();
            }
        }
        long unlisted = jdbc.sql("select count(*) from data_keys where destroyed_at is null "
                        + "and master_key_id not in (:listed)")
                .param("listed", List.copyOf(masterKeys.ids()))
                .query(Long.class)
                .single();
        if (unlisted > 0) {
            log.warn("{} data key(s) are wrapped by master keys that TANDEM_MASTER_KEYS does not list; their fields "
                    + "stay unreadable until those master keys are listed again", unlisted);
        }
        if (rewrapped > 0) {
            log.info("Rewrapped {} data key(s) with master key '{}'", rewrapped, masterKeys.currentId());
        }
        return rewrapped;
    }

    private Optional<DataKey> findOrCreate(ScopeRef ref) {
        Optional<Row> existing = findByScope(ref);
        if (existing.isEmpty()) {
            existing = ownTransaction.execute(status -> {
                UUID keyId = UUID.randomUUID();
                jdbc.sql("""
                                insert into data_keys (key_id, scope, scope_id, wrapped_key, master_key_id, created_at)
                                values (:id, :scope, :scopeId, :wrapped, :master, :now)
                                on conflict (scope, scope_id) do nothing
                                """)
                        .param("id", keyId)
                        .param("scope", name(ref.scope()))
                        .param("scopeId", ref.scopeId())
                        .param("wrapped", wrap(keyId, Aead.randomKey()))
                        .param("master", masterKeys.currentId())
                        .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                        .update();
                // Whoever inserted first (this or another replica) owns the scope's key.
                return findByScope(ref);
            });
        }
        Optional<DataKey> key = existing.flatMap(this::unwrap);
        key.ifPresent(k -> byId.put(k.id(), key));
        return key;
    }

    private Optional<Row> findByScope(ScopeRef ref) {
        return jdbc.sql("select " + COLUMNS + " from data_keys where scope = :scope and scope_id = :scopeId")
                .param("scope", name(ref.scope()))
                .param("scopeId", ref.scopeId())
                .query(DataKeys::row)
                .optional();
    }

    private Optional<DataKey> unwrap(Row row) {
        if (row.destroyed()) {
            return Optional.empty();
        }
        return Optional.of(new DataKey(row.keyId(), new SecretKeySpec(unwrapBytes(row), "AES")));
    }

    private byte[] unwrapBytes(Row row) {
        SecretKey master = masterKeys.byId(row.masterKeyId()).orElseThrow(() -> new IllegalStateException(
                "Data key " + row.keyId() + " is wrapped by master key '" + row.masterKeyId()
                        + "', which TANDEM_MASTER_KEYS does not list (it lists " + masterKeys.ids() + ")"));
        return Aead.open(master, row.wrapped(), wrappingContext(row.keyId()));
    }

    private byte[] wrap(UUID keyId, byte[] raw) {
        return Aead.seal(masterKeys.current(), raw, wrappingContext(keyId));
    }

    /** Who is told of each committed destruction; one listener (the broadcast to the other replicas). */
    void announceDestructions(Consumer<Destroyed> listener) {
        this.destructions = listener;
    }

    /** Another replica destroyed this key: what this one kept of it in memory goes now. */
    void forgetDestroyed(Destroyed destroyed) {
        forget(new ScopeRef(destroyed.scope(), destroyed.scopeId()), destroyed.keyId());
    }

    private void forget(ScopeRef ref, UUID keyId) {
        byScope.invalidate(ref);
        byId.invalidate(keyId);
    }

    /** Binds a wrapped key to its row: copying wrapped bytes onto another key id does not unwrap. */
    private static byte[] wrappingContext(UUID keyId) {
        return ("tandem:data-key:" + keyId).getBytes(StandardCharsets.US_ASCII);
    }

    private static String name(Sensitive.Scope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(rs.getObject("key_id", UUID.class), rs.getBytes("wrapped_key"), rs.getString("master_key_id"),
                rs.getObject("destroyed_at") != null);
    }
}
