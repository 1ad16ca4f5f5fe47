-- Rewards by rule (reward_given entries): a referral reward is found by the member it
-- was earned for (is one standing? which one did a first top-up earn?), on every
-- top-up and checkout of a referred member and on every reversal.
CREATE INDEX journal_reward_referred
    ON journal (json_extract(body, '$.occasion.referred'))
    WHERE kind = 'reward_given';
