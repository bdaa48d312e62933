-- The event store in a database of its own (TANDEM_EVENT_STORE_URL), used through Axon's JDBC storage engine.
-- Nothing else lives here: read models, tokens and dead letters stay in Tandem's main database, so the events
-- never share a transaction or a join with them, as with Axon Server. Same columns as the JPA storage's tables
-- in the main database (db/migration V1), so that the two modes store events alike.

-- Steps by 1 and caches 1, so the global index stays as dense as concurrent commits allow.
create sequence domain_event_entry_seq start with 1 increment by 1 cache 1;

create table domain_event_entry (
    global_index         bigint       not null default nextval('domain_event_entry_seq'),
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    event_identifier     varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    time_stamp           varchar(255) not null,
    constraint domain_event_entry_pkey primary key (global_index),
    constraint domain_event_entry_aggregate_sequence_uk unique (aggregate_identifier, sequence_number),
    constraint domain_event_entry_event_identifier_uk unique (event_identifier)
);
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    time_stamp           varchar(255) not null,
    constraint snapshot_event_entry_pkey primary key (sequence_number, aggregate_identifier, type),
    constraint snapshot_event_entry_event_identifier_uk unique (event_identifier)
);
create index snapshot_event_entry_aggregate_idx on snapshot_event_entry (aggregate_identifier);
