// Command watchdog runs a program that has no way to notice its parent's death
// (OpenChoreo's controller manager) and stops it when the parent goes away:
//
//	watchdog [--grace=10s] -- <program> [args...]
//
// The program is stopped with SIGTERM (SIGKILL after --grace) when stdin reaches
// EOF (the parent's end of the pipe closed, however the parent died) or when the
// watchdog gets SIGINT/SIGTERM. If the watchdog itself is killed, the kernel
// sends the program SIGKILL (PR_SET_PDEATHSIG). The exit code is the program's.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

func main() {
	grace := flag.Duration("grace", 10*time.Second, "time between SIGTERM and SIGKILL")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: watchdog [--grace=10s] -- <program> [args...]")
		os.Exit(2)
	}
	// PR_SET_PDEATHSIG fires when the *thread* that started the child exits:
	// keep this goroutine on its thread for the watchdog's whole life.
	runtime.LockOSThread()
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "watchdog: %v\n", err)
		os.Exit(1)
	}

	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := make(chan string, 2)
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop <- "stdin closed"
	}()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() { stop <- (<-signals).String() }()

	select {
	case err := <-exited:
		os.Exit(exitCode(err))
	case why := <-stop:
		fmt.Fprintf(os.Stderr, "watchdog: %s, stopping %s\n", why, flag.Arg(0))
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			os.Exit(exitCode(err))
		case <-time.After(*grace):
			_ = cmd.Process.Kill()
			os.Exit(exitCode(<-exited))
		}
	}
}

func exitCode(err error) int {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if exit.ExitCode() >= 0 {
			return exit.ExitCode()
		}
		return 128 + int(exit.Sys().(syscall.WaitStatus).Signal())
	default:
		return 1
	}
}
