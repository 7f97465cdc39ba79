// The private PostgreSQL 15 cluster of the tests lives in bench/pg-cluster.ts (the bench starts one too).
export { type ClusterOptions, type PgCluster, pgAvailable, startCluster } from '../../bench/pg-cluster.js';
