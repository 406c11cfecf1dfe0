# Import a reader user by its user name. The group <name> and the policy
# <name>-reader are found by name; a user with exactly one access key keeps
# that key, but its secret cannot be recovered (AWS returns it only when the
# key is created): secret_access_key stays null until the key is rotated.
terraform import iamaudit_reader_user.connector security-audit-connector

# A reader user in another account, reached through the provider's
# member_role: <account_id>:<name>.
terraform import iamaudit_reader_user.member 222222222222:cspm-connector
