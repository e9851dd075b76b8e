/*
 * server.h — the HTTP server: libmicrohttpd in thread-pool mode in front of
 * the route table.
 */
#ifndef SERVER_H
#define SERVER_H

#include <signal.h>

#include "app/app.h"

/* Serve until *stop becomes non-zero.  port 0 picks a free port.  Prints
 * "kundval: listening on http://127.0.0.1:PORT" once ready. */
int http_serve(struct app *app, const char *bind_addr, int port, int threads,
	       volatile sig_atomic_t *stop, struct kverr *e);

#endif
