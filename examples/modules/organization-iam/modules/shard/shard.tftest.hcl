# Shard selection with literal accounts: account id mod shard_count, every
# account in exactly one shard, unaffected by others joining and leaving;
# unreachable accounts reported, never dropped; bad input rejected.

variables {
  accounts = [
    { id = "111111111111" },                                                         # mod 3 = 0
    { id = "222222222222", accessible = true },                                      # mod 3 = 0
    { id = "100000000001" },                                                         # mod 3 = 2
    { id = "100000000002", accessible = false, access_error = "AssumeRole denied" }, # mod 3 = 0
    { id = "100000000003", accessible = false },                                     # mod 3 = 1
    { id = "999999999998" },                                                         # mod 3 = 2
  ]
}

run "one_shard_is_the_whole_organization" {
  command = plan

  assert {
    condition     = jsonencode(output.account_ids) == jsonencode(["100000000001", "100000000002", "100000000003", "111111111111", "222222222222", "999999999998"])
    error_message = "account_ids: ${jsonencode(output.account_ids)}"
  }
  assert {
    condition     = jsonencode(output.audited_account_ids) == jsonencode(["100000000001", "111111111111", "222222222222", "999999999998"])
    error_message = "audited: ${jsonencode(output.audited_account_ids)}"
  }
  assert {
    condition = output.unreachable == tomap({
      "100000000002" = "AssumeRole denied"
      "100000000003" = "the provider cannot act in the account (no error was given)"
    })
    error_message = "unreachable: ${jsonencode(output.unreachable)}"
  }
  assert {
    condition     = jsonencode(output.snapshot) == jsonencode(output.account_ids)
    error_message = "snapshot: ${jsonencode(output.snapshot)}"
  }
}

run "shard_0_of_3" {
  command = plan
  variables {
    shard_count = 3
    shard_index = 0
  }

  assert {
    condition     = jsonencode(output.account_ids) == jsonencode(["100000000002", "111111111111", "222222222222"])
    error_message = "account_ids: ${jsonencode(output.account_ids)}"
  }
  assert {
    condition     = jsonencode(output.audited_account_ids) == jsonencode(["111111111111", "222222222222"])
    error_message = "audited: ${jsonencode(output.audited_account_ids)}"
  }
  assert {
    condition     = output.unreachable == tomap({ "100000000002" = "AssumeRole denied" })
    error_message = "unreachable: ${jsonencode(output.unreachable)}"
  }
  assert {
    condition = output.shard_of == tomap({
      "100000000001" = 2, "100000000002" = 0, "100000000003" = 1,
      "111111111111" = 0, "222222222222" = 0, "999999999998" = 2,
    })
    error_message = "shard_of: ${jsonencode(output.shard_of)}"
  }
}

run "shard_1_of_3" {
  command = plan
  variables {
    shard_count = 3
    shard_index = 1
  }

  assert {
    condition     = jsonencode(output.account_ids) == jsonencode(["100000000003"]) && jsonencode(output.audited_account_ids) == "[]"
    error_message = "account_ids: ${jsonencode(output.account_ids)}, audited: ${jsonencode(output.audited_account_ids)}"
  }
}

run "shard_2_of_3" {
  command = plan
  variables {
    shard_count = 3
    shard_index = 2
  }

  assert {
    condition     = jsonencode(output.account_ids) == jsonencode(["100000000001", "999999999998"]) && length(output.unreachable) == 0
    error_message = "account_ids: ${jsonencode(output.account_ids)}"
  }
}

# Accounts join (300000000000: mod 3 = 0, 300000000002: mod 3 = 2) and one
# leaves (111111111111): every other account keeps its shard.
run "stable_as_accounts_join_and_leave" {
  command = plan
  variables {
    shard_count = 3
    shard_index = 2
    accounts = [
      { id = "222222222222" },
      { id = "100000000001" },
      { id = "300000000000" },
      { id = "100000000002" },
      { id = "100000000003" },
      { id = "999999999998" },
      { id = "300000000002" },
    ]
  }

  assert {
    condition     = jsonencode(output.account_ids) == jsonencode(["100000000001", "300000000002", "999999999998"])
    error_message = "account_ids: ${jsonencode(output.account_ids)}"
  }
  assert {
    condition     = output.shard_of["300000000000"] == 0 && output.shard_of["222222222222"] == 0 && output.shard_of["100000000003"] == 1
    error_message = "shard_of: ${jsonencode(output.shard_of)}"
  }
}

# More shards than accounts: the empty shards audit nothing, and succeed.
run "empty_shard" {
  command = plan
  variables {
    shard_count = 10
    shard_index = 4
  }

  assert {
    condition     = jsonencode(output.account_ids) == jsonencode([]) && length(output.unreachable) == 0
    error_message = "account_ids: ${jsonencode(output.account_ids)}"
  }
}

run "shard_index_out_of_range" {
  command = plan
  variables {
    shard_count = 3
    shard_index = 3
  }
  expect_failures = [var.shard_index]
}

run "negative_shard_index" {
  command = plan
  variables {
    shard_index = -1
  }
  expect_failures = [var.shard_index]
}

run "fractional_shard_count" {
  command = plan
  variables {
    shard_count = 2.5
  }
  expect_failures = [var.shard_count]
}

run "zero_shard_count" {
  command = plan
  variables {
    shard_count = 0
  }
  expect_failures = [var.shard_count]
}

run "malformed_account_id" {
  command = plan
  variables {
    accounts = [{ id = "12345" }]
  }
  expect_failures = [var.accounts]
}

run "repeated_account" {
  command = plan
  variables {
    accounts = [{ id = "111111111111" }, { id = "222222222222" }, { id = "111111111111" }]
  }
  expect_failures = [var.accounts]
}
