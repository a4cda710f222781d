# frozen_string_literal: true

module Assoc
  # The gem's version; Assoc.library_version is the linked libassoc's.
  VERSION = "0.1.0"

  def self.library_version
    Core.version
  end
end
