package galaxy

import (
	"testing"

	"github.com/h5mpi/h5mpi/internal/sched"
)

// BenchmarkAnswer is rank 0's own work for one ask, without MPI: decoding
// the ask, choosing the chunk (a full one of 64, the costliest to
// encode) and encoding the reply. BenchmarkAnswerMPI (-tags mpi) adds
// the messages.
func BenchmarkAnswer(b *testing.B) {
	const ranks, chunk = 1024, 64
	s := newDispatcher(sched.NewRoot(sched.All(1<<22), ranks, chunk), ranks, chunk, 0)
	in := ask{done: 12345}.encode(nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s.stock.Remaining() < chunk {
			b.StopTimer()
			s.stock = sched.NewRoot(sched.All(1<<22), ranks, chunk)
			b.StartTimer()
		}
		src := 1 + i%(ranks-1)
		a := decodeAsk(in)
		s.progress[src] = a.done
		s.out = s.answer(src).encode(s.out)
	}
}
