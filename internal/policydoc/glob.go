package policydoc

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
)

// IAM patterns (Action, NotAction, Resource, StringLike values) use two
// wildcards: * matches any run of characters, ? any single character. This
// file matches one string against a pattern, and decides whether patterns
// cover every string of a language (every action, every ARN) by searching
// the product of the patterns' automata and the language's for a string
// they miss.

// matchesAny reports whether one of the patterns matches s, ignoring case
// (action names compare case-insensitively in IAM).
func matchesAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if wildcardMatch(strings.ToLower(p), strings.ToLower(s)) {
			return true
		}
	}
	return false
}

// wildcardMatch matches s against pattern, where * matches any run of
// characters and ? any single character. It runs in O(len(pattern)*len(s)).
func wildcardMatch(pattern, s string) bool {
	p, q := []rune(pattern), []rune(s)
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(q) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == q[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// language is a deterministic automaton over runes: the strings a coverage
// question is about (every action, every ARN of a partition).
type language interface {
	start() int
	// step returns the next state, or -1 when no string of the language
	// continues this way.
	step(state int, r rune) int
	accepting(state int) bool
	// alphabet returns runes that stand for every rune: each rune that
	// occurs in the patterns or the language's literals, and one rune of
	// every class the language treats alike that occurs in neither.
	alphabet(used map[rune]bool) []rune
}

// glob is a pattern compiled for the subset construction: positions
// 0..len(p), position len(p) accepting. A set of positions is a bitset of
// words() words in storage the caller provides: the coverage search
// computes one per live pattern, per rune, per state.
type glob struct {
	p     []rune
	stars []int    // the positions holding *, ascending
	tail  []uint64 // the positions from which the rest of p is only *
}

func newGlob(pattern string) glob {
	g := glob{p: []rune(pattern)}
	g.tail = make([]uint64, g.words())
	for i, r := range g.p {
		if r == '*' {
			g.stars = append(g.stars, i)
		}
	}
	for i := len(g.p) - 1; i >= 0 && g.p[i] == '*'; i-- {
		setBit(g.tail, i)
	}
	return g
}

// words is the length of a position set of g.
func (g glob) words() int { return len(g.p)/64 + 1 }

func setBit(set []uint64, i int)      { set[i/64] |= 1 << (i % 64) }
func hasBit(set []uint64, i int) bool { return set[i/64]&(1<<(i%64)) != 0 }

// start writes the positions reachable before any input into dst (zeroed).
func (g glob) start(dst []uint64) {
	setBit(dst, 0)
	g.closure(dst)
}

// next writes the positions reachable from set by reading r into dst
// (zeroed) and reports whether there is any.
func (g glob) next(set, dst []uint64, r rune) bool {
	n := len(g.p)
	for w, word := range set {
		for word != 0 {
			i := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			if i == n {
				continue
			}
			switch g.p[i] {
			case '*':
				setBit(dst, i)
			case '?', r:
				setBit(dst, i+1)
			}
		}
	}
	g.closure(dst)
	for _, word := range dst {
		if word != 0 {
			return true
		}
	}
	return false
}

// closure adds the position after every * in set (a * matches nothing
// too); ascending order carries it through runs of *.
func (g glob) closure(set []uint64) {
	for _, i := range g.stars {
		if hasBit(set, i) {
			setBit(set, i+1)
		}
	}
}

func (g glob) accepts(set []uint64) bool { return hasBit(set, len(g.p)) }

// absorbing reports whether set holds a position from which the rest of
// the pattern is only *: every continuation then matches.
func (g glob) absorbing(set []uint64) bool {
	for w, word := range set {
		if word&g.tail[w] != 0 {
			return true
		}
	}
	return false
}

// coverageStates bounds the product states one coverage question may
// visit, and with it the memory the search holds.
const coverageStates = 1 << 15

// coverageWork bounds the work of the coverage questions about one
// document, counted in position-set words computed and hashed: the time the
// analysis of a document can take (a fraction of a second), whatever its
// patterns. The costliest of the 1485 AWS managed policies needs a
// fortieth of it (92 k).
const coverageWork = 1 << 22

// budget is the coverage work left for one document.
type budget struct{ work int }

func newBudget() *budget { return &budget{work: coverageWork} }

// spend takes n units and reports whether the budget still holds.
func (b *budget) spend(n int) bool {
	b.work -= n
	return b.work >= 0
}

// lives are the patterns of one group that can still match, in index
// order, with their position sets laid end to end.
type lives struct {
	idx  []int32
	sets []uint64
}

// each calls f with every live pattern's index and position set.
func (l lives) each(globs []glob, f func(i int, set []uint64) bool) bool {
	off := 0
	for _, i := range l.idx {
		w := globs[i].words()
		if !f(int(i), l.sets[off:off+w]) {
			return false
		}
		off += w
	}
	return true
}

// startLives returns every pattern of globs at its start positions.
func startLives(globs []glob) lives {
	var l lives
	for i, g := range globs {
		at := len(l.sets)
		l.sets = append(l.sets, make([]uint64, g.words())...)
		g.start(l.sets[at:])
		l.idx = append(l.idx, int32(i))
	}
	return l
}

// advance reads r in every live pattern and keeps those still alive.
func advance(globs []glob, in lives, r rune) lives {
	out := lives{idx: make([]int32, 0, len(in.idx)), sets: make([]uint64, 0, len(in.sets))}
	in.each(globs, func(i int, set []uint64) bool {
		at := len(out.sets)
		out.sets = append(out.sets, make([]uint64, len(set))...)
		if globs[i].next(set, out.sets[at:], r) {
			out.idx = append(out.idx, int32(i))
		} else {
			out.sets = out.sets[:at]
		}
		return true
	})
	return out
}

// uncovered reports whether some string of lang matches none of miss and,
// for every group of hit, at least one of its patterns: a witness that miss
// does not cover lang minus what the hit groups exclude. Patterns compare
// case-insensitively (they and the language are lower case). decided is
// false when the search outgrew coverageStates or the document's budget:
// the caller then assumes the answer that errs towards a finding.
//
// The search is breadth-first over the product of the language and the
// patterns' subset automata, keeping only patterns that can still match: a
// pattern whose literal prefix a string has left drops out, so the states
// stay few even for policies with hundreds of actions. States are
// remembered by a 128-bit hash of their position sets.
func uncovered(lang language, miss []string, hit [][]string, b *budget) (witness, decided bool) {
	missGlobs := compile(miss)
	hitGlobs := make([][]glob, len(hit))
	used := map[rune]bool{}
	for _, g := range missGlobs {
		markUsed(used, g)
	}
	for i, group := range hit {
		hitGlobs[i] = compile(group)
		for _, g := range hitGlobs[i] {
			markUsed(used, g)
		}
	}
	alphabet := lang.alphabet(used)

	type node struct {
		state int
		miss  lives
		hit   []lives
	}
	first := node{state: lang.start(), miss: startLives(missGlobs), hit: make([]lives, len(hitGlobs))}
	for i, group := range hitGlobs {
		first.hit[i] = startLives(group)
	}
	keys := newStateKeys()
	queue := []node{first}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		// Some miss pattern matches every continuation: nothing below
		// this node is a witness.
		if !n.miss.each(missGlobs, func(i int, set []uint64) bool { return !missGlobs[i].absorbing(set) }) {
			continue
		}
		if lang.accepting(n.state) && isWitness(n.miss, n.hit, missGlobs, hitGlobs) {
			return true, true
		}
		for _, r := range alphabet {
			state := lang.step(n.state, r)
			if state < 0 {
				continue
			}
			work := len(n.miss.sets) + len(n.miss.idx)
			m := node{state: state, miss: advance(missGlobs, n.miss, r), hit: make([]lives, len(n.hit))}
			dead := false
			for i, group := range n.hit {
				work += len(group.sets) + len(group.idx)
				m.hit[i] = advance(hitGlobs[i], group, r)
				// No pattern of this group can match any more: no
				// witness continues this way.
				dead = dead || len(m.hit[i].idx) == 0
			}
			if !b.spend(2 * work) {
				return false, false
			}
			if dead || !keys.add(m.state, m.miss, m.hit) {
				continue
			}
			if keys.len() > coverageStates {
				return false, false
			}
			queue = append(queue, m)
		}
	}
	return false, true
}

// isWitness reports whether no miss pattern accepts and every hit group has
// an accepting pattern.
func isWitness(miss lives, hit []lives, missGlobs []glob, hitGlobs [][]glob) bool {
	if !miss.each(missGlobs, func(i int, set []uint64) bool { return !missGlobs[i].accepts(set) }) {
		return false
	}
	for g, group := range hit {
		if group.each(hitGlobs[g], func(i int, set []uint64) bool { return !hitGlobs[g][i].accepts(set) }) {
			return false
		}
	}
	return true
}

// stateKeys remembers the product states seen, by two 64-bit hashes of
// their encoding (a collision of both is beyond reach; the full encodings
// of a large search would hold hundreds of megabytes).
type stateKeys struct {
	seeds [2]maphash.Seed
	seen  map[[2]uint64]struct{}
	buf   []byte
}

func newStateKeys() *stateKeys {
	return &stateKeys{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, seen: map[[2]uint64]struct{}{}}
}

func (k *stateKeys) len() int { return len(k.seen) }

// add records a state and reports whether it is new.
func (k *stateKeys) add(state int, miss lives, hit []lives) bool {
	b := binary.AppendVarint(k.buf[:0], int64(state))
	appendLives := func(l lives) {
		b = binary.AppendUvarint(b, uint64(len(l.idx)))
		for _, i := range l.idx {
			b = binary.AppendUvarint(b, uint64(i))
		}
		for _, word := range l.sets {
			b = binary.LittleEndian.AppendUint64(b, word)
		}
	}
	appendLives(miss)
	for _, group := range hit {
		appendLives(group)
	}
	k.buf = b
	key := [2]uint64{maphash.Bytes(k.seeds[0], b), maphash.Bytes(k.seeds[1], b)}
	if _, ok := k.seen[key]; ok {
		return false
	}
	k.seen[key] = struct{}{}
	return true
}

// compile lower-cases and compiles patterns.
func compile(patterns []string) []glob {
	out := make([]glob, 0, len(patterns))
	for _, p := range patterns {
		out = append(out, newGlob(strings.ToLower(p)))
	}
	return out
}

// markUsed records the literal runes of g.
func markUsed(used map[rune]bool, g glob) {
	for _, r := range g.p {
		if r != '*' && r != '?' {
			used[r] = true
		}
	}
}

// unusedRune returns a rune from candidates that is not in used, or -1.
func unusedRune(used map[rune]bool, candidates string) rune {
	for _, r := range candidates {
		if !used[r] {
			return r
		}
	}
	return -1
}

// usedRunes returns the used runes, sorted, for which keep is true.
func usedRunes(used map[rune]bool, keep func(rune) bool) []rune {
	var out []rune
	for r := range used {
		if keep(r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// actionLanguage is every action name "<service>:<action>", lower case:
// a service prefix of a letter followed by letters, digits and hyphens, and
// an action name of letters and digits. With prefix set (such as "iam:"),
// only that service's actions.
type actionLanguage struct {
	prefix []rune
}

const (
	lowerLetters = "abcdefghijklmnopqrstuvwxyz"
	digits       = "0123456789"
)

// States after the prefix: the first service rune, the rest of the service,
// the first action rune, the rest of the action (accepting).
func (l actionLanguage) start() int { return 0 }

func (l actionLanguage) step(state int, r rune) int {
	n := len(l.prefix)
	if len(l.prefix) > 0 && state < n {
		if r == l.prefix[state] {
			if state == n-1 {
				return n + 2 // the prefix ends with ':'
			}
			return state + 1
		}
		return -1
	}
	letter, digit := strings.ContainsRune(lowerLetters, r), strings.ContainsRune(digits, r)
	switch state - n {
	case 0:
		if letter {
			return n + 1
		}
	case 1:
		if letter || digit || r == '-' {
			return n + 1
		}
		if r == ':' {
			return n + 2
		}
	case 2, 3:
		if letter || digit {
			return n + 3
		}
	}
	return -1
}

func (l actionLanguage) accepting(state int) bool { return state == len(l.prefix)+3 }

func (l actionLanguage) alphabet(used map[rune]bool) []rune {
	all := usedRunes(used, func(r rune) bool {
		return strings.ContainsRune(lowerLetters+digits+"-:", r)
	})
	for _, r := range []rune{unusedRune(used, lowerLetters), unusedRune(used, digits), '-', ':'} {
		if r >= 0 && !slices.Contains(all, r) {
			all = append(all, r)
		}
	}
	for _, r := range l.prefix {
		if !slices.Contains(all, r) {
			all = append(all, r)
		}
	}
	return all
}

// arnLanguage is every ARN of one partition, lower case:
// arn:<partition>:<service>:<region>:<account>:<resource>, the service and
// the resource not empty, the region and account perhaps empty, the resource
// perhaps containing colons.
type arnLanguage struct {
	prefix []rune // "arn:<partition>:"
}

func newARNLanguage(partition string) arnLanguage {
	return arnLanguage{prefix: []rune("arn:" + strings.ToLower(partition) + ":")}
}

// States after the prefix: service first rune, service, region, account,
// resource first rune, resource (accepting).
func (l arnLanguage) start() int { return 0 }

func (l arnLanguage) step(state int, r rune) int {
	n := len(l.prefix)
	if state < n {
		if r == l.prefix[state] {
			return state + 1
		}
		return -1
	}
	switch state - n {
	case 0:
		if r != ':' {
			return n + 1
		}
	case 1, 2, 3:
		if r == ':' {
			return state + 1
		}
		return state
	case 4, 5:
		return n + 5
	}
	return -1
}

func (l arnLanguage) accepting(state int) bool { return state == len(l.prefix)+5 }

func (l arnLanguage) alphabet(used map[rune]bool) []rune {
	all := usedRunes(used, func(rune) bool { return true })
	for _, r := range append([]rune{':'}, l.prefix...) {
		if !slices.Contains(all, r) {
			all = append(all, r)
		}
	}
	// One rune no pattern names stands for all the others.
	other := rune(0xE000)
	for used[other] || slices.Contains(all, other) {
		other++
	}
	return append(all, other)
}
