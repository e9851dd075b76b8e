/*
 * migrations.h — the numbered schema migrations compiled into the binary
 * (generated from the .sql files in src/store/migrations by scripts/embed.sh).
 */
#ifndef MIGRATIONS_H
#define MIGRATIONS_H

struct store_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct store_migration store_migrations[];
extern const int store_migration_count;

#endif
