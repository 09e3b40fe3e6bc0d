// TODO(owner): implement.
