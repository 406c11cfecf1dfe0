// Package iamidentity is the IAM write side of the provider: it creates,
// converges (in-place updates, drift repair, key rotation), rolls back and
// deletes the identities audit connectors use — a reader user with its
// group, owned policy and access key, and a cross-account role with its
// owned policy — and probes which actions a caller may use.
//
// It has no Terraform types. Every operation goes through a Client made for
// one account from that account's IAM client (the IAM interface, which tests
// fake), so the same code can manage identities in any account.
//
// Safety rules it keeps:
//   - A create adopts only what it provably made. Users, roles and policies
//     are created with the reserved tag iamaudit:create-token (a value unique
//     to the request, removed once the create is confirmed); after a create
//     whose outcome is unknown (a lost or failed response), an entity under
//     the name is adopted only when it carries that value. Groups and access
//     keys cannot carry it: they are adopted (keys: deleted) only when their
//     creation time falls inside the request's window by the server's clock
//     (the Date of IAM's answers); without a server Date nothing is adopted.
//     Anything else under the name is left alone and named in the error.
//   - A create that fails half way deletes what it made, newest first, and
//     says what (if anything) is left.
//   - A delete removes only what the resource created, in the order IAM
//     requires, and refuses (listing them) when other things are attached,
//     unless forced.
//   - IAM is eventually consistent: calls that depend on an entity just
//     created retry NoSuchEntity (and a trust policy naming a principal just
//     created retries "invalid principal") for a bounded time.
package iamidentity
