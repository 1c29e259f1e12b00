<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Console\Command;

use ExactSidecar\Connector\Model\Outbox\OutboxStoreInterface;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * bin/magento exact-sidecar:outbox:inspect [--status=dead] [--limit=20]
 */
class OutboxInspectCommand extends Command
{
    public const NAME = 'exact-sidecar:outbox:inspect';

    /** @var OutboxStoreInterface */
    private $store;

    /**
     * @param OutboxStoreInterface $store
     */
    public function __construct(OutboxStoreInterface $store)
    {
        $this->store = $store;
        parent::__construct();
    }

    /**
     * @return void
     */
    protected function configure(): void
    {
        $this->setName(self::NAME)
            ->setDescription('Show outbox counts and the newest rows (exact-sidecar).')
            ->addOption(
                'status',
                null,
                InputOption::VALUE_REQUIRED,
                'Only rows with this status: pending, delivered or dead'
            )
            ->addOption('limit', null, InputOption::VALUE_REQUIRED, 'How many rows to list', '20');
    }

    /**
     * @param InputInterface $input
     * @param OutputInterface $output
     * @return int
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $status = $input->getOption('status');
        $valid = [
            OutboxStoreInterface::STATUS_PENDING,
            OutboxStoreInterface::STATUS_DELIVERED,
            OutboxStoreInterface::STATUS_DEAD,
        ];
        if ($status !== null && !in_array($status, $valid, true)) {
            $output->writeln('<error>--status must be one of: ' . implode(', ', $valid) . '</error>');
            return Command::INVALID;
        }
        $limit = (string) ($input->getOption('limit') ?? '20');
        if (!ctype_digit($limit) || (int) $limit < 1 || (int) $limit > 1000) {
            $output->writeln('<error>--limit must be a whole number from 1 to 1000</error>');
            return Command::INVALID;
        }
        $counts = $this->store->countByStatus();
        $output->writeln(sprintf(
            'pending: %d  delivered: %d  dead: %d',
            $counts[OutboxStoreInterface::STATUS_PENDING] ?? 0,
            $counts[OutboxStoreInterface::STATUS_DELIVERED] ?? 0,
            $counts[OutboxStoreInterface::STATUS_DEAD] ?? 0
        ));
        foreach ($this->store->listRows($status, (int) $limit) as $row) {
            $output->writeln(sprintf(
                '#%d %s %s %s:%s attempts=%d next=%s http=%s %s',
                $row['outbox_id'],
                $row['status'],
                $row['event_type'],
                $row['entity_type'],
                $row['entity_id'],
                $row['attempts'],
                gmdate('Y-m-d H:i:s', (int) $row['next_attempt_at']) . 'Z',
                $row['last_http_status'] === null ? '-' : (string) $row['last_http_status'],
                (string) ($row['last_error'] ?? '')
            ));
        }
        return Command::SUCCESS;
    }
}
