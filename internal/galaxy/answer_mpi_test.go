//go:build mpi

package galaxy

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/h5mpi/h5mpi/internal/mpi"
	"github.com/h5mpi/h5mpi/internal/mpitest"
	"github.com/h5mpi/h5mpi/internal/sched"
)

// answerWorkerEnv, set to "asks chunk weight" (numbers), makes the test
// binary the worker of BenchmarkAnswerMPI.
const answerWorkerEnv = "GALAXY_TEST_ANSWER"

// BenchmarkAnswerMPI measures what an ask costs with real MPI on 2
// ranks: rank 1 asks (ask, Irecv, Send, then Test until the reply is
// in), again and again, and rank 0 answers with the real dispatcher's
// answerAll, polling without pause. It reports rank 0's time per ask
// answered (probe, receive, decode, choose the chunk, encode, send: what
// rank 0 is busy with, and so what queues the asks of many ranks), its
// time per empty poll, and rank 1's round trip. Chunks are full (64
// particles, galaxy's default); a block, for rank 1 leading a dispenser
// of 56 ranks, is ranges of the order, whatever its size.
func BenchmarkAnswerMPI(b *testing.B) {
	b.Run("chunk=64", func(b *testing.B) { answerMPI(b, 200000, 64, 1) })
	b.Run("block", func(b *testing.B) { answerMPI(b, 5000, 64, 56) })
}

func answerMPI(b *testing.B, asks, chunk, weight int) {
	b.Setenv(answerWorkerEnv, fmt.Sprint(asks, chunk, weight))
	r := mpitest.MustRun(b, 2, 5*time.Minute, b.TempDir(), os.Args[0], "-test.run=^$", "-test.bench=^$")
	fig := map[string]float64{}
	for _, line := range strings.Split(r.Stdout, "\n") {
		var name string
		var v float64
		if _, err := fmt.Sscanf(line, "answer-cost %s %g", &name, &v); err == nil {
			fig[name] = v
		}
	}
	for _, name := range []string{"served-ns/ask", "empty-poll-ns", "round-trip-ns"} {
		if _, ok := fig[name]; !ok {
			b.Fatalf("no %s in the worker's output:\n%s\n%s", name, r.Stdout, r.Stderr)
		}
		b.ReportMetric(fig[name], name)
	}
}

func answerWorker() error {
	var asks, chunk, weight int
	if _, err := fmt.Sscan(os.Getenv(answerWorkerEnv), &asks, &chunk, &weight); err != nil {
		return fmt.Errorf("%s: %v", answerWorkerEnv, err)
	}
	if mpi.World.Size() != 2 {
		return fmt.Errorf("answer worker: %d ranks, want 2", mpi.World.Size())
	}
	if mpi.World.Rank() == 1 {
		return asker(asks, chunk, weight)
	}
	s := newDispatcher(sched.NewRoot(sched.All(weight*chunk*(asks+16)+64*chunk), 2, chunk), 2, chunk, 0)
	if weight > 1 {
		s.heavy = map[int]int{1: weight}
	}
	// Rank 1's first asks get chunks of 1, 2, 4...: use up the doubling.
	for k := 0; k < 14; k++ {
		s.stock.Take(1, weight, 0)
	}
	var served, empty time.Duration
	var polls int
	for !s.stop {
		before := s.progress[1]
		t := time.Now()
		if err := s.answerAll(); err != nil {
			return err
		}
		d := time.Since(t)
		if s.progress[1] == before && !s.stop {
			empty += d
			polls++
		} else {
			served += d
		}
	}
	fmt.Printf("answer-cost served-ns/ask %g\n", float64(served.Nanoseconds())/float64(asks))
	fmt.Printf("answer-cost empty-poll-ns %g\n", float64(empty.Nanoseconds())/float64(max(polls, 1)))
	return nil
}

// asker is rank 1: asks asks, the last saying stop, each once the
// previous one's reply is in.
func asker(asks, chunk, weight int) error {
	t0 := time.Now()
	for k := 1; k <= asks; k++ {
		rcv, err := mpi.World.Irecv(0, tagReply, max(replyHead+chunk, blockLen))
		if err != nil {
			return err
		}
		if err := mpi.World.Send(0, tagAsk, ask{done: k, stop: k == asks}.encode(nil)); err != nil {
			return err
		}
		for {
			v, ok, err := rcv.Test()
			if err != nil {
				return err
			}
			if ok {
				if weight > 1 {
					if m := decodeBlock(v); k < asks && count(m.block) != weight*chunk {
						return fmt.Errorf("ask %d: block of %d particles, want %d", k, count(m.block), weight*chunk)
					}
				} else if m := decodeReply(v); k < asks && len(m.particles) != chunk {
					return fmt.Errorf("ask %d: %d particles, want %d", k, len(m.particles), chunk)
				}
				break
			}
		}
	}
	fmt.Printf("answer-cost round-trip-ns %g\n", float64(time.Since(t0).Nanoseconds())/float64(asks))
	return nil
}
