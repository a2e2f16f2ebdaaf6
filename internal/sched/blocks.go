package sched

// Blocks hands out particles to groups of ranks, in blocks, in a fixed
// order: rank 0's side when a dispenser (a Stock) stands in front of
// each group. A group's blocks are as many chunks as it has ranks, of
// the sizes Dispenser would hand out: one particle per rank first, so
// that the first round spreads the hardest particles one per rank, then
// doubling, at most maxChunk per rank, and shrinking as the work runs
// out; never less than a particle per rank of the group. It is not safe for concurrent use.
type Blocks struct {
	order []int32
	next  int
	ranks int
	sizes []int // ranks of each group
	max   int
	last  []int // size of each group's last block, 0 before its first
}

// NewBlocks returns Blocks of the particles of order, in that order, to
// ranks ranks in groups of sizes[g] ranks, for chunks of at most
// MaxChunk(len(order), ranks, maxChunk).
func NewBlocks(order []int32, ranks int, sizes []int, maxChunk int) *Blocks {
	ranks = max(ranks, 1)
	return &Blocks{order: order, ranks: ranks, sizes: sizes, max: MaxChunk(len(order), ranks, maxChunk), last: make([]int, len(sizes))}
}

// Groups returns the sizes of groups of group consecutive ranks out of
// ranks, the last one smaller if need be.
func Groups(ranks, group int) []int {
	group = max(group, 1)
	v := make([]int, ceilDiv(max(ranks, 1), group))
	for g := range v {
		v[g] = min(group, ranks-g*group)
	}
	return v
}

// Next returns group g's next block, empty when every particle has been
// handed out. The slice is the Blocks' own: copy it to keep it.
func (b *Blocks) Next(g int) []int32 {
	left := len(b.order) - b.next
	if left == 0 {
		return nil
	}
	n := b.sizes[g]
	k := n
	if l := b.last[g]; l > 0 {
		k = max(n, min(n*b.max, 2*l, ceilDiv(n*left, blockGuide*b.ranks)))
	}
	k = min(k, left)
	b.last[g] = k
	c := b.order[b.next : b.next+k]
	b.next += k
	return c
}

// Remaining is how many particles are still to be handed out.
func (b *Blocks) Remaining() int { return len(b.order) - b.next }

// Stop hands out nothing more.
func (b *Blocks) Stop() { b.next = len(b.order) }

// blockGuide is how many blocks per group the remaining particles are
// cut into, as guide is for chunks. Chosen by Replay (BENCHMARKS.md).
const blockGuide = guide

// Stock is a group's dispenser: it holds the blocks rank 0 handed the
// group and hands them out to the group's ranks in chunks, as Dispenser
// does to all ranks (the same sizes, from how much is left in all: the
// stock and what rank 0 still holds). It is not safe for concurrent use.
type Stock struct {
	q     []int32 // particles held, in hand-out order
	ranks int     // ranks of the whole run
	max   int
	limit int
	last  map[int]int // size of each rank's last chunk
	root  int         // what rank 0 held at the last block
	block int         // size of the last block
	over  bool        // rank 0 has no more
}

// NewStock returns an empty Stock for a run of n particles on ranks
// ranks, with the chunk setting maxChunk (as NewDispenser has them).
func NewStock(n, ranks, maxChunk int) *Stock {
	return &Stock{ranks: max(ranks, 1), max: MaxChunk(n, ranks, maxChunk), limit: max(maxChunk, 1), last: map[int]int{}}
}

// Add adds a block from rank 0, left being what rank 0 still holds; an
// empty block means there is no more.
func (s *Stock) Add(block []int32, left int) {
	if len(block) == 0 {
		s.over = true
	}
	s.q = append(s.q, block...)
	s.root, s.block = left, len(block)
}

// Next returns rank's next chunk, empty when the stock is empty. The
// slice is the Stock's own: copy it to keep it.
func (s *Stock) Next(rank int) []int32 {
	if len(s.q) == 0 {
		return nil
	}
	k := 1
	if l := s.last[rank]; l > 0 {
		k = min(s.max, 2*l, ceilDiv(s.root+len(s.q), guide*s.ranks))
	}
	k = max(1, min(k, len(s.q)))
	s.last[rank] = k
	c := s.q[:k]
	s.q = s.q[k:]
	return c
}

// Block returns the next block for group g of n ranks, empty when the
// stock is empty, sized as Blocks.Next sizes it from the work left in
// all: for a dispenser in front of groups' dispensers. The slice is the
// Stock's own: copy it to keep it.
func (s *Stock) Block(g, n int) []int32 {
	if len(s.q) == 0 {
		return nil
	}
	k := n
	if l := s.last[g]; l > 0 {
		k = max(n, min(n*s.max, 2*l, ceilDiv(n*(s.root+len(s.q)), blockGuide*s.ranks)))
	}
	k = min(k, len(s.q))
	s.last[g] = k
	c := s.q[:k]
	s.q = s.q[k:]
	return c
}

// Ahead is Dispenser.Ahead for the work left in all.
func (s *Stock) Ahead() bool { return ahead(s.root+len(s.q), s.ranks, s.limit) }

// Remaining is how many particles the stock holds.
func (s *Stock) Remaining() int { return len(s.q) }

// Over reports whether rank 0 said it has no more.
func (s *Stock) Over() bool { return s.over }

// Low reports whether it is time to ask rank 0 for the next block: the
// stock is down to half the last block, and rank 0 may have more.
func (s *Stock) Low() bool { return !s.over && 2*len(s.q) <= s.block }

// Stop hands out nothing more.
func (s *Stock) Stop() { s.q, s.over = nil, true }
