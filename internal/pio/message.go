package pio

import "fmt"

// Small messages between ranks, for coordination that collectives cannot
// express: galaxy's work dispatcher answers whichever rank asks, when it
// asks. Values are int64s; a message holds at most a few hundred.

// Send sends v to rank dst with tag. It returns once v may be reused;
// small messages do not wait for the receiver.
func Send(dst, tag int, v []int64) error { return send(dst, tag, v) }

// Probe reports whether a message with tag waits from any rank, and from
// which. It does not wait.
func Probe(tag int) (src int, ok bool, err error) { return probe(tag) }

// Recv receives a message with tag from src into v and returns how many
// values came. It waits for the message.
func Recv(src, tag int, v []int64) (int, error) { return recv(src, tag, v) }

// Receive is a receive in flight.
type Receive struct {
	p    pending
	buf  []int64
	done bool
}

// Irecv starts receiving a message of at most n values with tag from
// src. Poll it with Test; a Receive must complete before Finalize.
func Irecv(src, tag, n int) (*Receive, error) {
	p, err := irecv(src, tag, n)
	if err != nil {
		return nil, err
	}
	return &Receive{p: p, buf: make([]int64, n)}, nil
}

// Test returns the message once it has come (ok), without waiting.
func (r *Receive) Test() (v []int64, ok bool, err error) {
	if r.done {
		return nil, false, fmt.Errorf("pio: Test of a completed receive")
	}
	n, err := test(r.p, r.buf)
	if err != nil || n < 0 {
		return nil, false, err
	}
	r.done = true
	return r.buf[:n], true, nil
}
