<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Console\Command;

use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Outbox\OutboxStoreInterface;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * bin/magento exact-sidecar:outbox:requeue [ID ...]  (no ids: every dead row)
 */
class OutboxRequeueCommand extends Command
{
    public const NAME = 'exact-sidecar:outbox:requeue';

    /** @var OutboxStoreInterface */
    private $store;

    /** @var ClockInterface */
    private $clock;

    /**
     * @param OutboxStoreInterface $store
     * @param ClockInterface $clock
     */
    public function __construct(OutboxStoreInterface $store, ClockInterface $clock)
    {
        $this->store = $store;
        $this->clock = $clock;
        parent::__construct();
    }

    /**
     * @return void
     */
    protected function configure(): void
    {
        $this->setName(self::NAME)
            ->setDescription('Make dead (or the given) outbox rows pending again, due now (exact-sidecar).')
            ->addArgument(
                'ids',
                InputArgument::OPTIONAL | InputArgument::IS_ARRAY,
                'Outbox row ids; none = every dead row'
            );
    }

    /**
     * @param InputInterface $input
     * @param OutputInterface $output
     * @return int
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $ids = [];
        foreach ((array) ($input->getArgument('ids') ?? []) as $id) {
            if (!ctype_digit((string) $id) || (int) $id < 1) {
                $output->writeln('<error>Not an outbox row id: "' . $id . '"</error>');
                return Command::INVALID;
            }
            $ids[] = (int) $id;
        }
        $count = $this->store->requeue($ids, $this->clock->now());
        $output->writeln(sprintf('Requeued %d row(s); the next cron run delivers them.', $count));
        return Command::SUCCESS;
    }
}
