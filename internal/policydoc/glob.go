package policydoc

import (
	"encoding/binary"
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
// 0..len(p), position len(p) accepting.
type glob []rune

// startSet returns the positions reachable before any input.
func (g glob) startSet() []bool {
	set := make([]bool, len(g)+1)
	set[0] = true
	g.closure(set)
	return set
}

// next returns the positions reachable from set by reading r.
func (g glob) next(set []bool, r rune) []bool {
	out := make([]bool, len(g)+1)
	for i, in := range set {
		if !in || i == len(g) {
			continue
		}
		switch g[i] {
		case '*':
			out[i] = true
		case '?':
			out[i+1] = true
		default:
			if g[i] == r {
				out[i+1] = true
			}
		}
	}
	g.closure(out)
	return out
}

// closure adds the positions after every * in set (a * matches nothing too).
func (g glob) closure(set []bool) {
	for i := 0; i < len(g); i++ {
		if set[i] && g[i] == '*' {
			set[i+1] = true
		}
	}
}

func (g glob) accepts(set []bool) bool { return set[len(g)] }

// absorbing reports whether set holds a position from which the rest of
// the pattern is only *: every continuation then matches.
func (g glob) absorbing(set []bool) bool {
	for i := len(g) - 1; i >= 0 && g[i] == '*'; i-- {
		if set[i] {
			return true
		}
	}
	return false
}

// coverageBudget bounds the product states one coverage question may visit;
// documents IAM accepts stay far below it.
const coverageBudget = 1 << 15

// live is the position set of one pattern that can still match.
type live struct {
	idx int
	set []bool
}

// uncovered reports whether some string of lang matches none of miss and,
// for every group of hit, at least one of its patterns: a witness that miss
// does not cover lang minus what the hit groups exclude. Patterns compare
// case-insensitively (they and the language are lower case). decided is
// false when the search outgrew coverageBudget: the caller then assumes the
// answer that errs towards a finding.
//
// The search is breadth-first over the product of the language and the
// patterns' subset automata, keeping only patterns that can still match: a
// pattern whose literal prefix a string has left drops out, so the states
// stay few even for policies with hundreds of actions.
func uncovered(lang language, miss []string, hit [][]string) (witness, decided bool) {
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
		miss  []live
		hit   [][]live
	}
	first := node{state: lang.start(), hit: make([][]live, len(hitGlobs))}
	for i, g := range missGlobs {
		first.miss = append(first.miss, live{i, g.startSet()})
	}
	for i, group := range hitGlobs {
		for j, g := range group {
			first.hit[i] = append(first.hit[i], live{j, g.startSet()})
		}
	}
	seen := map[string]bool{}
	queue := []node{first}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		// Some miss pattern matches every continuation: nothing below
		// this node is a witness.
		if slices.ContainsFunc(n.miss, func(l live) bool { return missGlobs[l.idx].absorbing(l.set) }) {
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
			m := node{state: state, miss: advance(missGlobs, n.miss, r), hit: make([][]live, len(n.hit))}
			dead := false
			for i, group := range n.hit {
				m.hit[i] = advance(hitGlobs[i], group, r)
				// No pattern of this group can match any more: no
				// witness continues this way.
				dead = dead || len(m.hit[i]) == 0
			}
			if dead {
				continue
			}
			k := nodeKey(m.state, m.miss, m.hit)
			if seen[k] {
				continue
			}
			if len(seen) >= coverageBudget {
				return false, false
			}
			seen[k] = true
			queue = append(queue, m)
		}
	}
	return false, true
}

// isWitness reports whether no miss pattern accepts and every hit group has
// an accepting pattern.
func isWitness(miss []live, hit [][]live, missGlobs []glob, hitGlobs [][]glob) bool {
	for _, l := range miss {
		if missGlobs[l.idx].accepts(l.set) {
			return false
		}
	}
	for i, group := range hit {
		if !slices.ContainsFunc(group, func(l live) bool { return hitGlobs[i][l.idx].accepts(l.set) }) {
			return false
		}
	}
	return true
}

// advance reads r in every live pattern and keeps those still alive.
func advance(globs []glob, lives []live, r rune) []live {
	out := make([]live, 0, len(lives))
	for _, l := range lives {
		if next := globs[l.idx].next(l.set, r); slices.Contains(next, true) {
			out = append(out, live{l.idx, next})
		}
	}
	return out
}

// nodeKey identifies a product state.
func nodeKey(state int, miss []live, hit [][]live) string {
	var b []byte
	b = binary.AppendVarint(b, int64(state))
	appendLives := func(lives []live) {
		b = binary.AppendUvarint(b, uint64(len(lives)))
		for _, l := range lives {
			b = binary.AppendUvarint(b, uint64(l.idx))
			b = appendSet(b, l.set)
		}
	}
	appendLives(miss)
	for _, group := range hit {
		appendLives(group)
	}
	return string(b)
}

// compile lower-cases and compiles patterns.
func compile(patterns []string) []glob {
	out := make([]glob, 0, len(patterns))
	for _, p := range patterns {
		out = append(out, glob([]rune(strings.ToLower(p))))
	}
	return out
}

// markUsed records the literal runes of g.
func markUsed(used map[rune]bool, g glob) {
	for _, r := range g {
		if r != '*' && r != '?' {
			used[r] = true
		}
	}
}

// appendSet appends a position set to a key.
func appendSet(b []byte, set []bool) []byte {
	b = binary.AppendUvarint(b, uint64(len(set)))
	var word byte
	for i, in := range set {
		if in {
			word |= 1 << (i % 8)
		}
		if i%8 == 7 || i == len(set)-1 {
			b = append(b, word)
			word = 0
		}
	}
	return b
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
