// Command pstest runs Google's in-memory Pub/Sub server (cloud.google.com/go/pubsub/v2/pstest)
// on a loopback port, for the integration tests and local runs.
//
//	pstest -port 8085
//
// It prints "listening on 127.0.0.1:<port>" once the gRPC listener accepts
// connections and serves until it receives SIGINT or SIGTERM. With -port 0 the
// OS picks a free port and the printed line tells which. `pstest -version`
// prints the build stamp that build.sh sets (a hash of this module's files).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"cloud.google.com/go/pubsub/v2/pstest"
)

// buildStamp is set by build.sh (-ldflags "-X main.buildStamp=...").
var buildStamp = "dev"

func main() {
	port := flag.Int("port", 8085, "loopback TCP port to listen on (0 picks a free one)")
	version := flag.Bool("version", false, "print the build stamp and exit")
	flag.Parse()
	if *version {
		fmt.Println(buildStamp)
		return
	}
	if *port < 0 || *port > 65535 {
		log.Fatalf("pstest: -port %d is out of range", *port)
	}

	// The listener is bound (and serving) before NewServerWithAddress returns,
	// so the address is ready for clients as soon as it is printed. An
	// explicit 127.0.0.1 keeps it on IPv4 loopback whatever "localhost"
	// resolves to. A port already in use makes it panic with the bind error.
	srv := pstest.NewServerWithAddress(fmt.Sprintf("127.0.0.1:%d", *port))
	fmt.Printf("listening on %s\n", srv.Addr)
	_ = os.Stdout.Sync()

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	if err := srv.Close(); err != nil {
		log.Printf("pstest: close: %v", err)
	}
}
