# frozen_string_literal: true

# Every test file requires this: minitest, and the model of model_helper.rb.
require "minitest/autorun"
require "model_helper"

class Minitest::Test
  include ModelHelper
end
