package sched

// Range is the positions Lo to Hi-1 of the hand-out order. A dispenser
// of the tree hands its children that lead dispensers blocks of the
// order as ranges: every dispenser holds the order (Order, computed the
// same on every rank), so a block costs its sender the same whatever
// its size.
type Range struct{ Lo, Hi int }

// Len is how many particles r names.
func (r Range) Len() int { return r.Hi - r.Lo }

// MaxRanges is the most ranges a block is made of: a block is cut short
// rather than made of more, so that its message has a bound.
const MaxRanges = 4

// Stock is one dispenser of the tree (Tree): it holds ranges of the
// hand-out order and hands them out to its children, as a rank's chunk
// or, to a child leading a dispenser, as a block for the ranks under it.
// A block for w ranks is sized as w chunks would be: w particles first,
// so that the first round spreads the hardest particles one per rank,
// then doubling, at most w·MaxChunk, and shrinking as the work runs out;
// never less than w. Every size is worked out from how much is left in
// all: the stock and what the dispensers above still held when its last
// block came (Left). Rank 0's stock holds the whole order from the
// start (NewRoot); the others are fed block by block (Add). It is not
// safe for concurrent use.
type Stock struct {
	order []int32
	q     []Range // held, in hand-out order
	n     int     // particles held
	ranks int     // ranks of the whole run
	max   int     // MaxChunk
	limit int     // the chunk setting: Ahead's measure
	last  map[int]int
	above int // what the dispensers above held at the last block
	block int // size of the last block
	over  bool
	first int // a rank's first chunk; 0: 1
	out   []Range
}

// SetFirst makes a rank's first chunk k particles, and a block's for w
// ranks w·k, instead of one particle per rank: for Replay's comparisons.
func (s *Stock) SetFirst(k int) { s.first = k }

// NewStock returns an empty Stock of positions in order, for a run on
// ranks ranks with the chunk setting maxChunk.
func NewStock(order []int32, ranks, maxChunk int) *Stock {
	ranks = max(ranks, 1)
	return &Stock{order: order, ranks: ranks, max: MaxChunk(len(order), ranks, maxChunk), limit: max(maxChunk, 1), last: map[int]int{}}
}

// NewRoot returns rank 0's Stock: all of order, and no dispenser above.
func NewRoot(order []int32, ranks, maxChunk int) *Stock {
	s := NewStock(order, ranks, maxChunk)
	s.Add([]Range{{0, len(order)}}, 0)
	s.over = true
	return s
}

// Add adds a block from the dispenser above, left being what the
// dispensers above still hold; an empty block means there is no more.
func (s *Stock) Add(block []Range, left int) {
	k := 0
	for _, r := range block {
		if r.Len() > 0 {
			s.q = append(s.q, r)
			k += r.Len()
		}
	}
	s.n += k
	s.above, s.block = left, k
	if k == 0 {
		s.over = true
	}
}

// Take returns child's next share: a chunk if w is 1 (a rank), a block
// for w ranks otherwise, of at most limit particles if limit is
// positive; empty when the stock is empty. The slice is the Stock's
// own, valid until the next Take.
func (s *Stock) Take(child, w, limit int) []Range {
	if s.n == 0 {
		return nil
	}
	w = max(w, 1)
	k := w * max(s.first, 1)
	if l := s.last[child]; l > 0 {
		k = max(w, min(w*s.max, 2*l, ceilDiv(w*s.Left(), guide*s.ranks)))
	}
	k = min(k, s.n)
	if limit > 0 {
		k = min(k, limit)
	}
	s.out = s.out[:0]
	got := 0
	for got < k && len(s.out) < MaxRanges {
		r := &s.q[0]
		take := min(k-got, r.Len())
		s.out = append(s.out, Range{r.Lo, r.Lo + take})
		r.Lo += take
		got += take
		if r.Len() == 0 {
			s.q = s.q[1:]
		}
	}
	s.n -= got
	s.last[child] = got
	return s.out
}

// Chunk appends rank's next chunk, as Take(rank, 1, limit), to dst as
// particles.
func (s *Stock) Chunk(dst []int32, rank, limit int) []int32 {
	return s.Particles(dst, s.Take(rank, 1, limit))
}

// Particles appends the particles of rs to dst.
func (s *Stock) Particles(dst []int32, rs []Range) []int32 {
	for _, r := range rs {
		dst = append(dst, s.order[r.Lo:r.Hi]...)
	}
	return dst
}

// Left is how much is left in all, as far as this stock knows: what it
// holds and what the dispensers above held at its last block. A block
// handed down carries it, less the block.
func (s *Stock) Left() int { return s.above + s.n }

// Ahead reports whether a rank should ask for its next chunk as soon as
// it starts on the last it was given, rather than when it has finished
// it: while plenty of work is left (2·guide full chunks per rank), so that
// the answer's latency is hidden, but not near the end, where a chunk
// held in reserve is one another rank cannot take. Full chunks are of the
// chunk setting: MaxChunk's smaller bound would have ranks ask ahead
// while the hardest particles go out, a chunk held behind each.
func (s *Stock) Ahead() bool { return ahead(s.Left(), s.ranks, s.limit) }

// Short is how few particles may wait to start on a rank that integrates
// width particles at once before it asks for more; a rank with none
// waiting and none started asks too. Lanes (width over 1) take a waiting
// particle as soon as any of them frees, so a rank holds two widths
// waiting, four when told to ask ahead (Ahead): enough to keep them busy
// while the answer travels. One particle at a time, a particle waiting
// is held behind the one running, which may be among the hardest of the
// run, where no other rank can take it: the rank asks once it has
// nothing left, or, told to ask ahead, as it starts its last (holding
// one more left 512 ranks of 20000 particles at 0.90 of the bound in
// TestEfficiency).
func Short(width int, ahead bool) int {
	k := 2 * width
	if width <= 1 {
		k = 0
	}
	if ahead {
		k = max(2*k, 1)
	}
	return k
}

// Wants reports whether a rank that integrates width particles at once,
// with waiting particles not yet started and running ones in its lanes,
// asks for more: while fewer wait than Short allows, or when it has none
// at all.
func Wants(waiting, running, width int, ahead bool) bool {
	return waiting < Short(width, ahead) || (waiting == 0 && running == 0)
}

func ahead(left, ranks, limit int) bool { return left >= 2*guide*ranks*limit }

// Remaining is how many particles the stock holds.
func (s *Stock) Remaining() int { return s.n }

// Over reports whether the dispenser above said it has no more (always,
// for rank 0's).
func (s *Stock) Over() bool { return s.over }

// Low reports whether it is time to ask the dispenser above for the next
// block: the stock is down to half the last block, and there may be
// more.
func (s *Stock) Low() bool { return !s.over && 2*s.n <= s.block }

// Stop hands out nothing more.
func (s *Stock) Stop() { s.q, s.n, s.over = nil, 0, true }
