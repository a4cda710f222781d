# frozen_string_literal: true

module Assoc
  # The gem's version; Assoc.library_version is the linked libassoc's.
  VERSION = "0.1.0"

  # The version of the libassoc loaded (assoc_version()), e.g. "0.1.0".
  # @return [String]
  def self.library_version
    Core.version
  end
end
