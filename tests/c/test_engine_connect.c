/*
 * test_engine_connect.c - connecting fails clearly: a wrong password, a
 * missing database, nothing listening, an unresolvable host, a server that
 * never answers (the connect timeout), and a server that ends the connection
 * while a session works on it. Each error names host, port and database and
 * never the password; nothing is changed; no call hangs past the timeout.
 *
 * On PostgreSQL the cluster of tests/postgres has the role assoc_pw
 * (password "right") and its database; run.sh names the socket directory and
 * port in ASSOC_TEST_PG_SOCKET and ASSOC_TEST_PG_PORT. On SQLite only the
 * file tests apply.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fixtures.h"

static char url_buf[512];

/* A URL of the test cluster: user[:password]@/dbname over its socket. */
static const char *cluster_url(const char *userinfo, const char *db)
{
	const char *sock = getenv("ASSOC_TEST_PG_SOCKET"), *port = getenv("ASSOC_TEST_PG_PORT");
	CHECK(sock && port);
	snprintf(url_buf, sizeof url_buf, "postgresql://%s@/%s?host=%s&port=%s", userinfo, db, sock, port);
	return url_buf;
}

static void check_message_lacks(const char *text)
{
	const char *m = assoc_error_last()->message;
	CHECK(m != NULL);
	if (strstr(m, text))
		check_fail_at(__FILE__, __LINE__, "message \"%s\" shows \"%s\"", m, text);
}

static void test_wrong_password(void)
{
	assoc_engine *e = NULL;
	CHECK_ERR(assoc_engine_open(&e, cluster_url("assoc_pw:sesame-wrong", "assoc_pw")), ASSOC_EDB);
	CHECK_MSG_CONTAINS("password authentication failed");
	CHECK_MSG_CONTAINS("database assoc_pw");
	CHECK_MSG_CONTAINS("port ");
	check_message_lacks("sesame-wrong");
	CHECK(e == NULL);
	/* the right one works, and the engine's URL hides it too */
	CHECK_OK(assoc_engine_open(&e, cluster_url("assoc_pw:right", "assoc_pw")));
	CHECK(strstr(assoc_engine_url(e), "right") == NULL);
	CHECK(strstr(assoc_engine_url(e), "assoc_pw:***@") != NULL);
	CHECK_INT(fx_sql_int(e, "SELECT 1"), 1);
	assoc_engine_free(e);
}

static void test_missing_database(void)
{
	assoc_engine *e = NULL;
	CHECK_ERR(assoc_engine_open(&e, cluster_url("assoc", "no_such_database")), ASSOC_EDB);
	CHECK_MSG_CONTAINS("database no_such_database");
	CHECK_MSG_CONTAINS("does not exist");
	CHECK(e == NULL);
}

/* No server on the port: the socket file is missing (Unix socket), or TCP is refused. */
static void test_nothing_listening(void)
{
	assoc_engine *e = NULL;
	const char *sock = getenv("ASSOC_TEST_PG_SOCKET");
	char url[512];
	snprintf(url, sizeof url, "postgresql://assoc@/x?host=%s&port=1", sock);
	CHECK_ERR(assoc_engine_open(&e, url), ASSOC_EDB);
	CHECK_MSG_CONTAINS("port 1,");
	CHECK_MSG_CONTAINS(sock);
	CHECK_ERR(assoc_engine_open(&e, "postgresql://assoc:pw-not-shown@127.0.0.1:1/x"), ASSOC_EDB);
	CHECK_MSG_CONTAINS("host 127.0.0.1, port 1, database x");
	CHECK_MSG_CONTAINS("refused");
	check_message_lacks("pw-not-shown");
	CHECK(e == NULL);
}

static void test_unresolvable_host(void)
{
	assoc_engine *e = NULL;
	CHECK_ERR(assoc_engine_open(&e, "postgresql://assoc@no-such-host.invalid:5432/x"), ASSOC_EDB);
	CHECK_MSG_CONTAINS("host no-such-host.invalid, port 5432, database x");
	CHECK(e == NULL);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A listener that never answers: the kernel completes the handshake, the "server" says nothing. */
static void test_connect_timeout(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(fd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
	CHECK(listen(fd, 8) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&a, &alen) == 0);
	char url[128];
	snprintf(url, sizeof url, "postgresql://assoc@127.0.0.1:%d/silent", ntohs(a.sin_port));
	assoc_engine_options o = ASSOC_ENGINE_OPTIONS_INIT;
	o.connect_timeout_s = 2;
	assoc_engine *e = NULL;
	double t0 = now();
	CHECK_ERR(assoc_engine_open_ext(&e, url, &o), ASSOC_EDB);
	double took = now() - t0;
	CHECK_MSG_CONTAINS("timeout");
	CHECK_MSG_CONTAINS("database silent");
	CHECK(took >= 1.0 && took < 10.0);
	close(fd);
}

/* The server ends the session's connection after a flush: a clear error, rollback required, nothing written. */
static void test_server_ends_connection_mid_session(void)
{
	fx f = { 0 };
	CHECK_OK(assoc_registry_new(&f.reg));
	fx_users_addresses(f.reg, NULL, NULL);
	fx_open(&f);
	assoc_mapper *user;
	CHECK_OK(assoc_registry_mapper(&user, f.reg, "User"));
	assoc_object *u;
	CHECK_OK(assoc_object_new(&u, f.s, user));
	CHECK_OK(assoc_object_set(u, "name", assoc_value_text("jack")));
	CHECK_OK(assoc_session_add(f.s, u));
	CHECK_OK(assoc_session_flush(f.s));
	CHECK_INT(fx_sql_int(f.eng, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
	                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"), 1);
	int rc = assoc_session_commit(f.s);
	CHECK(rc == ASSOC_EDB);
	CHECK_MSG_CONTAINS("terminat");
	/* the transaction is gone: the session says so until rolled back */
	CHECK_ERR(assoc_session_flush(f.s), ASSOC_ESTATE);
	CHECK_OK(assoc_session_rollback(f.s));
	CHECK_INT(fx_count(f.eng, "users"), 0);
	/* the next session works: the broken connection was not pooled */
	assoc_session *s2;
	CHECK_OK(assoc_session_new(&s2, f.eng, f.reg, NULL));
	CHECK_OK(assoc_object_new(&u, s2, user));
	CHECK_OK(assoc_object_set(u, "name", assoc_value_text("wendy")));
	CHECK_OK(assoc_session_add(s2, u));
	CHECK_OK(assoc_session_commit(s2));
	CHECK_OK(assoc_session_close(s2));
	assoc_session_free(s2);
	CHECK_INT(fx_count(f.eng, "users"), 1);
	fx_close(&f);
}

/* SQLite: a file in a directory that does not exist. */
static void test_sqlite_file_cannot_open(void)
{
	assoc_engine *e = NULL;
	CHECK_ERR(assoc_engine_open(&e, "sqlite:////no-such-directory/x.db"), ASSOC_EDB);
	CHECK_MSG_CONTAINS("/no-such-directory/x.db");
	CHECK(e == NULL);
}

int main(int argc, char **argv)
{
	static const check_test sqlite_tests[] = {
		TEST(test_sqlite_file_cannot_open),
	};
	static const check_test pg_tests[] = {
		TEST(test_wrong_password),
		TEST(test_missing_database),
		TEST(test_nothing_listening),
		TEST(test_unresolvable_host),
		TEST(test_connect_timeout),
		TEST(test_server_ends_connection_mid_session),
	};
	if (!fx_on_postgres())
		return CHECK_RUN(sqlite_tests, argc, argv);
	return CHECK_RUN(pg_tests, argc, argv);
}
